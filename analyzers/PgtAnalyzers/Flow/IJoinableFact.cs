namespace PgtAnalyzers.Flow;

/// <summary>A fact of the flow state that merges with the same fact of another path.</summary>
internal interface IJoinableFact<TFact>
    where TFact : class
{
    /// <summary>The fact where this path meets one that has <paramref name="other"/> (null: a path without the fact).</summary>
    TFact Join(TFact? other);
}
