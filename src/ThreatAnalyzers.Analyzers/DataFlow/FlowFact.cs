using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>What a value may carry.</summary>
    internal enum FactKind
    {
        /// <summary>Data from outside a trust boundary.</summary>
        Untrusted,

        /// <summary>Personal data.</summary>
        Pii,

        /// <summary>Credentials, tokens, keys.</summary>
        Secrets,

        /// <summary>Whatever the caller passes for parameter <see cref="FlowFact.Parameter"/>: how summaries stay symbolic.</summary>
        Parameter,
    }

    /// <summary>Where a sink takes data: each kind is sanitized separately (an HTML encoder does not make a value safe for SQL).</summary>
    [Flags]
    internal enum SinkKind
    {
        None = 0,
        Log = 1 << 0,
        SqlText = 1 << 1,
        DataStoreWrite = 1 << 2,
        ProcessStart = 1 << 3,
        FilePath = 1 << 4,
        Redirect = 1 << 5,
        Deserialization = 1 << 6,
        HttpResponse = 1 << 7,
        OutboundHttp = 1 << 8,
        RegexPattern = 1 << 9,
        RegexInput = 1 << 10,
        AllocationSize = 1 << 11,
        Html = 1 << 12,

        /// <summary>What decides who the caller is or what they may do: a claim's value, an identity's name, the roles of a principal, the role or policy a check asks about, a condition guarding a privileged call.</summary>
        Identity = 1 << 13,

        /// <summary>What an outbound request carries to an external entity (its body, the request message): who may read it on the way.</summary>
        OutboundBody = 1 << 14,
        /// <summary>Where an outbound request goes (its URL or host), as opposed to <see cref="OutboundHttp"/>, the data sent out.</summary>
        RequestAddress = 1 << 15,

        /// <summary>The text of a log message (its message or template parameter), not the arguments a template names: what TA3002 asks about.</summary>
        LogMessage = 1 << 16,

        /// <summary>The name of a type, assembly or member that reflection loads or looks up (Type.GetType, Assembly.Load*, Activator.CreateInstance, GetMethod): TA6003.</summary>
        TypeName = 1 << 17,

        /// <summary>One element of a process's argument list (<c>ProcessStartInfo.ArgumentList.Add</c>): no command-line parsing, so a concern only when the program is a shell (TA6002).</summary>
        ProcessArgument = 1 << 18,

        /// <summary>
        /// What grants privilege when written: a role, permission or admin flag of a persisted entity or Identity user
        /// (Frameworks/PrivilegeMembers.cs), a role given by UserManager, a claim's value (TA6004 keeps the role, permission
        /// and scope claims). Checked on the value before the engine drops facts of scalar types, so a bool or an enum
        /// read from the request counts.
        /// </summary>
        Privilege = 1 << 19,
        All = ~0,
    }

    /// <summary>
    /// One thing a value may carry, with where it came from and the methods it went through. Equal facts merge; a
    /// sanitizer adds the sink kinds it makes the value safe for.
    /// </summary>
    internal sealed class FlowFact : IEquatable<FlowFact>
    {
        public FlowFact(FactKind kind, string origin, Location? location, int parameter = -1, SinkKind sanitizedFor = SinkKind.None, ImmutableArray<string> via = default, bool inferred = false, string? member = null, bool byType = false)
        {
            Member = member;
            ByType = byType;
            Kind = kind;
            Origin = origin;
            Location = location;
            Parameter = parameter;
            SanitizedFor = sanitizedFor;
            Via = via.IsDefault ? ImmutableArray<string>.Empty : via;
            Inferred = inferred;
        }

        public FactKind Kind { get; }

        /// <summary>The source as written, e.g. <c>customer.Email</c>, or the parameter's name.</summary>
        public string Origin { get; }

        public Location? Location { get; }

        public int Parameter { get; }

        public SinkKind SanitizedFor { get; }

        /// <summary>The methods the value travelled through between its source and here, outermost first.</summary>
        public ImmutableArray<string> Via { get; }

        /// <summary>Classified from a member's name rather than an annotation (the opt-in heuristic).</summary>
        public bool Inferred { get; }

        /// <summary>
        /// For a parameter fact: the member of the argument that is read (p.Email), so only what sits in that member follows.
        /// For any other fact: the member of the object it sits in (what was written to dto.Value), or null for the whole value.
        /// </summary>
        public string? Member { get; }

        /// <summary>Sensitive because of the value's type (a Customer with a [HandlesPii] member), not because of what flowed into it: its members are not all sensitive.</summary>
        public bool ByType { get; }

        public bool IsSensitive => Kind is FactKind.Pii or FactKind.Secrets;

        public FlowFact WithMember(string? member) => member == Member ? this : new(Kind, Origin, Location, Parameter, SanitizedFor, Via, Inferred, member, ByType);

        public bool IsSafeFor(SinkKind sink) => (SanitizedFor & sink) == sink;

        public FlowFact Sanitized(SinkKind kinds) => new(Kind, Origin, Location, Parameter, SanitizedFor | kinds, Via, Inferred, Member, ByType);

        /// <summary>This fact as something an object holds somewhere: the object carries it, its members do not each.</summary>
        public FlowFact Contained() => ByType ? this : new(Kind, Origin, Location, Parameter, SanitizedFor, Via, Inferred, Member, byType: true);

        public FlowFact Through(string method) => new(Kind, Origin, Location, Parameter, SanitizedFor, Via.Insert(0, method), Inferred, Member, ByType);

        public string ClassName => Kind switch
        {
            FactKind.Pii => "PII",
            FactKind.Secrets => "secret",
            FactKind.Untrusted => "untrusted",
            _ => "parameter",
        };

        public bool Equals(FlowFact? other)
            => other is not null && Kind == other.Kind && Parameter == other.Parameter && SanitizedFor == other.SanitizedFor
               && Member == other.Member && ByType == other.ByType && Origin == other.Origin && Equals(Location, other.Location) && Via.SequenceEqual(other.Via);

        public override bool Equals(object? obj) => Equals(obj as FlowFact);

        public override int GetHashCode() => ((int)Kind * 397) ^ Parameter ^ Origin.GetHashCode() ^ (int)SanitizedFor;
    }

    /// <summary>
    /// An immutable set of facts, small in practice. A value carrying more than <see cref="Limit"/> facts keeps the
    /// <see cref="Limit"/> that come first in <see cref="FactOrder"/> (personal data and secrets before anything else), so
    /// the kept facts never depend on the order values were merged in, and says it was cut (<see cref="Truncated"/>).
    /// </summary>
    internal readonly struct FactSet
    {
        /// <summary>
        /// What reading member <paramref name="member"/> of a value with these facts yields: what sits in that member or in
        /// the whole value, and symbolic parameter facts narrowed to that member; never the value's type classification.
        /// </summary>
        public FactSet MemberOf(string member)
            => Where(f => !f.ByType && (f.Kind == FactKind.Parameter || f.Member is null || f.Member == member))
               .Select(f => f.Kind == FactKind.Parameter ? (f.Member is null ? f.WithMember(member) : f) : f.WithMember(null));

        /// <summary>These facts, written into member <paramref name="member"/> of an object.</summary>
        public FactSet StoredIn(string member)
            => Select(f => f.Kind == FactKind.Parameter || f.Member is not null ? f : f.WithMember(member));

        public const int Limit = 16;

        private readonly ImmutableArray<FlowFact> facts;

        private FactSet(ImmutableArray<FlowFact> facts, bool truncated)
        {
            this.facts = facts;
            Truncated = truncated;
        }

        public static FactSet Empty => new(ImmutableArray<FlowFact>.Empty, truncated: false);

        public static FactSet Of(FlowFact fact) => new(ImmutableArray.Create(fact), truncated: false);

        public ImmutableArray<FlowFact> Facts => facts.IsDefault ? ImmutableArray<FlowFact>.Empty : facts;

        /// <summary>Facts were dropped to stay within <see cref="Limit"/>: findings on this value say so.</summary>
        public bool Truncated { get; }

        public bool IsEmpty => Facts.IsEmpty;

        public int Count => Facts.Length;

        public FactSet Union(FactSet other)
        {
            if (other.IsEmpty && !other.Truncated)
            {
                return this;
            }

            if (IsEmpty && !Truncated)
            {
                return other;
            }

            // Most unions add nothing (a value merged with what it already carries): no builder for them.
            var mine = Facts;
            var theirs = other.Facts;
            var firstNew = -1;
            if (mine != theirs)
            {
                for (var i = 0; i < theirs.Length; i++)
                {
                    if (mine.IndexOf(theirs[i]) < 0)
                    {
                        firstNew = i;
                        break;
                    }
                }
            }

            var truncated = Truncated || other.Truncated;
            if (firstNew < 0)
            {
                return truncated == Truncated ? this : new FactSet(mine, truncated);
            }

            var builder = ImmutableArray.CreateBuilder<FlowFact>(mine.Length + theirs.Length - firstNew);
            builder.AddRange(mine);
            builder.Add(theirs[firstNew]);
            for (var i = firstNew + 1; i < theirs.Length; i++)
            {
                if (!builder.Contains(theirs[i]))
                {
                    builder.Add(theirs[i]);
                }
            }

            if (builder.Count > Limit)
            {
                builder.Sort(FactOrder.Instance);
                builder.Count = Limit;
                truncated = true;
            }

            return new FactSet(builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable(), truncated);
        }

        public FactSet Add(FlowFact fact) => Union(Of(fact));

        public FactSet Where(Func<FlowFact, bool> keep)
        {
            var kept = Facts.Where(keep).ToImmutableArray();
            return kept.Length == Facts.Length ? this : new FactSet(kept, Truncated);
        }

        public FactSet Select(Func<FlowFact, FlowFact> map) => new(Facts.Select(map).Distinct().ToImmutableArray(), Truncated);

        public bool SetEquals(FactSet other) => Count == other.Count && Facts.All(other.Facts.Contains);

        public IEnumerable<FlowFact> Sensitive => Facts.Where(f => f.IsSensitive);
    }

    /// <summary>
    /// A total order on facts, for choosing which to keep when a value carries too many: sensitive data first (what the
    /// rules about disclosure look for), then parameters (what summaries need), then untrusted data; ties broken by what
    /// the fact says, so the choice is the same whatever order the facts arrived in.
    /// </summary>
    internal sealed class FactOrder : IComparer<FlowFact>
    {
        public static FactOrder Instance { get; } = new();

        public int Compare(FlowFact? x, FlowFact? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var byKind = Rank(x.Kind).CompareTo(Rank(y.Kind));
            if (byKind != 0)
            {
                return byKind;
            }

            var c = string.CompareOrdinal(x.Origin, y.Origin);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(x.Location?.SourceTree?.FilePath, y.Location?.SourceTree?.FilePath);
            if (c != 0)
            {
                return c;
            }

            c = (x.Location?.SourceSpan.Start ?? -1).CompareTo(y.Location?.SourceSpan.Start ?? -1);
            if (c != 0)
            {
                return c;
            }

            c = x.Parameter.CompareTo(y.Parameter);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(x.Member, y.Member);
            if (c != 0)
            {
                return c;
            }

            c = ((int)x.SanitizedFor).CompareTo((int)y.SanitizedFor);
            if (c != 0)
            {
                return c;
            }

            c = x.ByType.CompareTo(y.ByType);
            if (c != 0)
            {
                return c;
            }

            c = x.Inferred.CompareTo(y.Inferred);
            return c != 0 ? c : string.CompareOrdinal(string.Join("/", x.Via), string.Join("/", y.Via));
        }

        private static int Rank(FactKind kind) => kind switch
        {
            FactKind.Pii => 0,
            FactKind.Secrets => 1,
            FactKind.Parameter => 2,
            _ => 3,
        };
    }
}
