using System.Linq;
using ThreatAnalyzers.DataFlow;
using Xunit;

namespace ThreatAnalyzers.Tests.DataFlow
{
    /// <summary>
    /// <see cref="FactSet.Union"/>: this set's facts first, then the other's new ones in their order; a union that adds
    /// nothing is this set; past <see cref="FactSet.Limit"/> the facts first in <see cref="FactOrder"/> are kept and the
    /// set says it was cut. The flow engine merges values with it at every operation.
    /// </summary>
    public class FactSetTests
    {
        private static FlowFact Untrusted(string origin) => new(FactKind.Untrusted, origin, location: null);

        private static FactSet Of(params FlowFact[] facts) => facts.Aggregate(FactSet.Empty, (set, fact) => set.Add(fact));

        private static string[] Origins(FactSet set) => set.Facts.Select(f => f.Origin).ToArray();

        [Fact]
        public void AUnionThatAddsNothing_IsThisSet()
        {
            var set = Of(Untrusted("a"), Untrusted("b"));

            var union = set.Union(Of(Untrusted("b"), Untrusted("a")));

            Assert.Equal(set.Facts, union.Facts);
            Assert.True(set.Facts == union.Facts, "no new array for a union that adds nothing");
            Assert.False(union.Truncated);
        }

        [Fact]
        public void NewFacts_FollowThisSetsFacts_InTheOtherSetsOrder_WithoutDuplicates()
        {
            var union = Of(Untrusted("a"), Untrusted("b")).Union(Of(Untrusted("b"), Untrusted("d"), Untrusted("a"), Untrusted("c")));

            Assert.Equal(new[] { "a", "b", "d", "c" }, Origins(union));
        }

        [Fact]
        public void AnEmptySide_GivesTheOtherSide()
        {
            var set = Of(Untrusted("a"));

            Assert.Equal(new[] { "a" }, Origins(set.Union(FactSet.Empty)));
            Assert.Equal(new[] { "a" }, Origins(FactSet.Empty.Union(set)));
        }

        [Fact]
        public void PastTheLimit_TheFactsFirstInOrderAreKept_AndTheSetSaysItWasCut()
        {
            var many = Of(Enumerable.Range(0, FactSet.Limit).Select(i => Untrusted("u" + i.ToString("00"))).ToArray());
            var personal = Of(new FlowFact(FactKind.Pii, "email", location: null));

            var union = many.Union(personal);

            Assert.Equal(FactSet.Limit, union.Count);
            Assert.True(union.Truncated);
            Assert.Equal(FactKind.Pii, union.Facts[0].Kind);
            Assert.DoesNotContain("u15", Origins(union));

            // Merged the other way round, the same facts survive: what is kept never depends on the order of merging.
            Assert.Equal(Origins(union).OrderBy(o => o, System.StringComparer.Ordinal), Origins(personal.Union(many)).OrderBy(o => o, System.StringComparer.Ordinal));
        }

        [Fact]
        public void ACutSet_StaysCut_EvenWhereTheUnionAddsNothing()
        {
            var cut = Of(Enumerable.Range(0, FactSet.Limit + 1).Select(i => Untrusted("u" + i.ToString("00"))).ToArray());
            Assert.True(cut.Truncated);

            var union = Of(Untrusted("u00")).Union(cut);

            Assert.True(union.Truncated);
            Assert.False(Of(Untrusted("u00")).Union(Of(Untrusted("u00"))).Truncated);
        }
    }
}
