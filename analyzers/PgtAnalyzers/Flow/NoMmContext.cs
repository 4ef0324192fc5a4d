namespace PgtAnalyzers.Flow;

/// <summary>Why a body runs where there is no mm, for the PGT003 message.</summary>
internal sealed class NoMmContext
{
    public NoMmContext(EarlierCall origin, string explanation)
    {
        Origin = origin;
        Explanation = explanation;
    }

    /// <summary>The <c>[NoMm]</c> declaration, or the call whose <c>[NoMm]</c> parameter received the code.</summary>
    public EarlierCall Origin { get; }

    /// <summary>A phrase that ends the PGT003 message: <c>'PteFreeNow' is marked [NoMm] on line 3: there is no mm there</c>.</summary>
    public string Explanation { get; }
}
