using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// What a rule is, in one place: its diagnostic descriptor, the README row, the header of its docs/rules page and the
    /// rule metadata in the artifact are all derived from this (tests check the files that are written by hand).
    /// </summary>
    internal sealed class RuleDefinition
    {
        /// <summary>Where the rule pages are published; the package's build props may point help links elsewhere.</summary>
        public const string HelpLinkBase = "https://github.com/threatanalyzers/threatanalyzers/blob/main/docs/rules/";

        /// <param name="descriptor">The diagnostic: ID, title, message, category (the STRIDE letter), default severity, description, help link and the CWE as a custom tag. Written out in the rule's file so release tracking can read it.</param>
        /// <param name="risk">low, medium, high or critical.</param>
        /// <param name="question">The question the rule asks of the shared analysis.</param>
        /// <param name="concerns">The model element a finding is a threat of.</param>
        /// <param name="fix">What the code fix does, or null.</param>
        public RuleDefinition(DiagnosticDescriptor descriptor, string risk, string question, string concerns, string? fix)
        {
            Descriptor = descriptor;
            Id = descriptor.Id;
            Title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
            MessageFormat = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            Category = descriptor.Category;
            DefaultSeverity = descriptor.DefaultSeverity;
            Description = descriptor.Description.ToString(CultureInfo.InvariantCulture);
            Cwe = descriptor.CustomTags.FirstOrDefault(t => t.StartsWith("CWE-", StringComparison.Ordinal));
            Risk = risk;
            Question = question;
            Concerns = concerns;
            Fix = fix;
        }

        /// <summary>TAxxxx: stable, never renumbered or reused.</summary>
        public string Id { get; }

        public string Title { get; }

        public string MessageFormat { get; }

        /// <summary>The STRIDE letter (<see cref="RuleCategories"/>), or ThreatModel for the model's own diagnostics.</summary>
        public string Category { get; }

        public DiagnosticSeverity DefaultSeverity { get; }

        /// <summary>low, medium, high or critical (<see cref="RuleRisks"/>): the threat's severity in the artifact.</summary>
        public string Risk { get; }

        public string? Cwe { get; }

        public string Description { get; }

        /// <summary>The question the rule asks of the shared analysis, in words (the docs page says it).</summary>
        public string Question { get; }

        /// <summary>The model element a finding is a threat of, in words.</summary>
        public string Concerns { get; }

        /// <summary>What the code fix does, or null when there is none.</summary>
        public string? Fix { get; }

        public string HelpLink => HelpLinkBase + Id + ".md";

        /// <summary>A STRIDE rule: its findings are threats, and [Mitigates]/[AcceptsRisk] may name it.</summary>
        public bool IsThreat => Category != RuleCategories.ThreatModel;

        public DiagnosticDescriptor Descriptor { get; }

        /// <summary>The rule as the artifact describes it.</summary>
        public RuleInfo ToInfo(bool evaluated) => new(
            Id,
            Title,
            Category,
            Cwe,
            Risk,
            DefaultSeverity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", DiagnosticSeverity.Info => "note", _ => "none" },
            HelpLink,
            Description,
            evaluated);
    }
}
