using System;
using System.Globalization;

namespace ThreatAnalyzers.Model
{
    /// <summary>A calendar day written as yyyy-MM-dd: the build date and the expiry of accepted risks.</summary>
    internal readonly record struct ReviewDate(int Year, int Month, int Day) : IComparable<ReviewDate>
    {
        public const string Format = "yyyy-MM-dd";

        /// <summary>Parses exactly yyyy-MM-dd and only real days (no 2025-02-30).</summary>
        public static bool TryParse(string? text, out ReviewDate date)
        {
            date = default;
            if (text is null || text.Length != Format.Length)
            {
                return false;
            }

            if (!DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return false;
            }

            date = new ReviewDate(parsed.Year, parsed.Month, parsed.Day);
            return true;
        }

        public int CompareTo(ReviewDate other)
            => Year != other.Year ? Year.CompareTo(other.Year)
             : Month != other.Month ? Month.CompareTo(other.Month)
             : Day.CompareTo(other.Day);

        public override string ToString()
            => Year.ToString("0000", CultureInfo.InvariantCulture) + "-" +
               Month.ToString("00", CultureInfo.InvariantCulture) + "-" +
               Day.ToString("00", CultureInfo.InvariantCulture);
    }
}
