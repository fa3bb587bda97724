using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.Mail
{
    /// <summary>
    /// Outbound mail: sending a message through MailKit's transports (<c>MailKit.IMailTransport</c>: its SMTP client and
    /// any other) or System.Net.Mail's <c>SmtpClient</c> writes to an external entity, the SMTP server (one element, as
    /// the server is configured at run time). A referenced type that depends on one reaches it too.
    /// </summary>
    internal sealed class MailResources : ResourceConvention
    {
        public const string EntityId = "entity:smtp";
        public const string EntityName = "SMTP server";

        /// <summary>The interfaces and classes whose methods by these names send a message.</summary>
        private static readonly (string Type, string[] Methods)[] Senders =
        {
            ("MailKit.IMailTransport", new[] { "Send", "SendAsync" }),
            ("System.Net.Mail.SmtpClient", new[] { "Send", "SendAsync", "SendMailAsync" }),
        };

        private readonly (INamedTypeSymbol Type, string[] Methods)[] senders;

        private MailResources((INamedTypeSymbol, string[])[] senders, DataClassification classification)
            : base(classification)
            => this.senders = senders;

        public static MailResources? Create(Compilation compilation, DataClassification classification)
        {
            var found = new System.Collections.Generic.List<(INamedTypeSymbol, string[])>();
            foreach (var (name, methods) in Senders)
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    found.Add((type, methods));
                }
            }

            return found.Count == 0 ? null : new MailResources(found.ToArray(), classification);
        }

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
            => operation is IInvocationOperation invocation && Sends(invocation.TargetMethod)
                ? Touch(EntityId, EntityName, ElementKinds.ExternalEntity, Access.Write, ClassesOf(invocation, Access.Write, flow))
                : null;

        public override TouchFact? TryRecognize(SyntaxCall call)
            => Sends(call.Method)
                ? Touch(EntityId, EntityName, ElementKinds.ExternalEntity, Access.Write, ClassesOf(call, Access.Write))
                : null;

        /// <summary>A referenced type that takes a mail transport or an SMTP client sends through it.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => dependency is INamedTypeSymbol type && SenderOf(type) is not null
                ? Touch(EntityId, EntityName, ElementKinds.ExternalEntity, Access.Write, access == Access.Write ? classes : EquatableArray<string>.Empty)
                : null;

        private bool Sends(IMethodSymbol method)
        {
            // By name first: every call of every body is asked, and few are named like a send.
            var called = method.ReducedFrom ?? method;
            return called.Name.StartsWith("Send", System.StringComparison.Ordinal)
                   && called.ContainingType is { } declaring && SenderOf(declaring) is { } methods && System.Array.IndexOf(methods, called.Name) >= 0;
        }

        /// <summary>The sending methods of a sender type (or a type deriving from or implementing one).</summary>
        private string[]? SenderOf(INamedTypeSymbol type)
        {
            foreach (var (sender, methods) in senders)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, sender) || type.Implements(sender) || DerivesFrom(type, sender))
                {
                    return methods;
                }
            }

            return null;
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol sender)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, sender))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
