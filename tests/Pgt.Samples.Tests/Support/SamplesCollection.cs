namespace Pgt.Samples.Tests.Support;

/// <summary>
/// One collection for every test here: the folder is compiled once (<see cref="SampleSuite"/>) and the
/// explorations run one after another instead of competing for the machine's two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SamplesCollection : ICollectionFixture<SampleSuite>
{
    public const string Name = "samples";
}
