namespace Consultation.Domain.Consensus;

/// <summary>The levels of the GNSO Working Group Guidelines, section 3.6.</summary>
public enum ConsensusLevel
{
    FullConsensus,
    Consensus,
    StrongSupportButSignificantOpposition,
    Divergence,
}

public static class ConsensusLevelNames
{
    public static string Display(this ConsensusLevel level) => level switch
    {
        ConsensusLevel.FullConsensus => "Full consensus",
        ConsensusLevel.Consensus => "Consensus",
        ConsensusLevel.StrongSupportButSignificantOpposition => "Strong support but significant opposition",
        ConsensusLevel.Divergence => "Divergence",
        _ => level.ToString(),
    };
}
