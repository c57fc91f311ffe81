namespace ChangeLedger.Contracts;

// Enum values travel as snake_case strings (api.md); the service configures the converter once for all of them.

public enum OriginKind { Generated, Human }

public enum ValidationOutcome { Passed, Failed, Errored, Skipped }

public enum ReviewDecision { Accepted, RevisionRequested, SplitRequested, Rejected }

public enum HoldKind { Manual, Incident, Freeze, Policy }

public enum ChangeStatus { Proposed, InReview, Accepted, RevisionRequested, Split, Rejected, Withdrawn, Released, Merged }

/// <summary>What an attestation proves; its summary is the member of the same name.</summary>
public enum AttestationType { TestReport, StaticAnalysis, Sbom, Coverage, SecurityScan, Custom, ValidationFirst }

/// <summary>Which changes the validation-first rule asks to prove that their tests failed on the base and pass on the head.</summary>
public enum ValidationFirstFor { Generated, All }
