namespace ThreatAnalyzers.Model
{
    internal enum ReviewKind
    {
        Mitigation,
        Acceptance,
    }

    /// <summary>
    /// A reviewer's statement about one threat: [Mitigates] or [AcceptsRisk], as read from the code.
    /// </summary>
    /// <param name="Kind">Mitigation or acceptance.</param>
    /// <param name="ThreatId">The rule ID it names.</param>
    /// <param name="Text">The "how" of a mitigation or the justification of an acceptance.</param>
    /// <param name="Owner">Who answers for an acceptance.</param>
    /// <param name="Expires">The expiry as written, or null when the acceptance does not expire.</param>
    internal sealed record ReviewAnnotation(ReviewKind Kind, string? ThreatId, string? Text, string? Owner, string? Expires)
    {
        public bool HasText => !string.IsNullOrWhiteSpace(Text);

        public bool HasValidExpiry => Expires is null || ReviewDate.TryParse(Expires, out _);

        /// <summary>An acceptance whose last day lies before the build date.</summary>
        public bool IsExpiredOn(ReviewDate? buildDate)
            => Kind == ReviewKind.Acceptance
               && buildDate is { } today
               && Expires is not null
               && ReviewDate.TryParse(Expires, out var lastDay)
               && lastDay.CompareTo(today) < 0;
    }
}
