using System.Collections.Generic;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// What the code says about who may call an entry point: that it requires an authenticated caller, that it is public
    /// on purpose, both, or neither. A plain value so that extraction can gather it from many places and rules only ask.
    /// </summary>
    internal readonly record struct AuthorizationEvidence(bool RequiresAuthentication, bool AllowsAnonymous)
    {
        public static AuthorizationEvidence None => default;

        public static AuthorizationEvidence Required => new(true, false);

        public static AuthorizationEvidence Anonymous => new(false, true);

        public bool IsNone => !RequiresAuthentication && !AllowsAnonymous;

        /// <summary>Evidence gathered on one path: everything said anywhere along it counts.</summary>
        public AuthorizationEvidence With(AuthorizationEvidence other)
            => new(RequiresAuthentication || other.RequiresAuthentication, AllowsAnonymous || other.AllowsAnonymous);

        /// <summary>
        /// Evidence for code reached along several paths (an endpoint mapped from several call sites): it is only as
        /// protected as its least protected path, and public on purpose if any path says so.
        /// </summary>
        public static AuthorizationEvidence OnEveryPath(IEnumerable<AuthorizationEvidence> paths)
        {
            var any = false;
            var anonymous = false;
            foreach (var path in paths)
            {
                any = true;
                if (path.IsNone)
                {
                    return None;
                }

                anonymous |= path.AllowsAnonymous;
            }

            return !any ? None : anonymous ? Anonymous : Required;
        }

        public override string ToString()
            => AllowsAnonymous ? "anonymous on purpose" : RequiresAuthentication ? "authenticated" : "no authentication";
    }
}
