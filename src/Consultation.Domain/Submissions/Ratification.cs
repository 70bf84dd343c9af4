namespace Consultation.Domain.Submissions;

/// <summary>Evidence of how a body adopted its position: "Adopted by the ccNSO Council" on 2010-03-11.</summary>
public sealed record Ratification(string Evidence, DateOnly? AdoptedOn);
