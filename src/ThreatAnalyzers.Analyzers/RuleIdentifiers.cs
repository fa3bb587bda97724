namespace ThreatAnalyzers
{
    /// <summary>
    /// Every diagnostic ID of the package. IDs are a public contract (users name them in .editorconfig,
    /// [Mitigates] and [AcceptsRisk]): never renumber, never reuse.
    /// TA0xxx model and annotations, then one thousand per STRIDE letter.
    /// </summary>
    internal static class RuleIdentifiers
    {
        public const string InvalidAnnotation = "TA0001";
        public const string ExpiredRiskAcceptance = "TA0002";
        public const string AnnotationPolicy = "TA0003";
        public const string UnreadableFlowRecord = "TA0011";

        public const string UnauthenticatedEntryPoint = "TA1001";
        public const string TokenValidationDisabled = "TA1002";
        public const string HardCodedSecret = "TA1003";
        public const string CertificateValidationDisabled = "TA1004";
        public const string IdentityFromClientValue = "TA1005";
        public const string WeakAuthenticationConfiguration = "TA1006";
        public const string PredictableSecurityValue = "TA1007";
        public const string NoExplicitAuthenticationDecision = "TA1008";

        public const string InputWithoutValidation = "TA2001";
        public const string SqlFromUntrustedInput = "TA2002";
        public const string InsecureDeserialization = "TA2003";
        public const string MissingAntiforgery = "TA2004";
        public const string PathTraversal = "TA2005";
        public const string OverPosting = "TA2006";
        public const string OpenRedirect = "TA2007";
        public const string CrossSiteScripting = "TA2008";
        public const string XmlExternalEntities = "TA2009";

        public const string StateChangeWithoutAuditTrail = "TA3001";
        public const string LogForging = "TA3002";

        public const string SensitiveDataWrittenToLog = "TA4001";
        public const string SensitiveDataSentWithoutEncryption = "TA4002";
        public const string SensitiveDataStoredWithoutEncryption = "TA4003";
        public const string ExceptionDetailsReturned = "TA4004";
        public const string SensitiveDataServedWithoutAuthentication = "TA4005";
        public const string SensitiveMemberPrintedByToString = "TA4006";
        public const string WeakCryptography = "TA4007";
        public const string ServerSideRequestForgery = "TA4008";
        public const string AccountEnumeration = "TA4009";
        public const string SecretReturnedToCaller = "TA4010";

        public const string EntryPointWithoutRateLimiting = "TA5001";
        public const string RegexWithoutTimeout = "TA5002";
        public const string UnboundedRequestInput = "TA5003";
        public const string UntrustedResourceUse = "TA5004";

        public const string PrivilegedOperationWithWeakerAuthorization = "TA6001";
        public const string CommandInjection = "TA6002";
        public const string UntrustedTypeName = "TA6003";
        public const string PrivilegeSetFromRequest = "TA6004";
        public const string ObjectLevelAuthorizationMissing = "TA6005";
        public const string AuthorizationOverriddenByAllowAnonymous = "TA6006";
    }
}
