namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>
/// One pack for all package tests; being one collection, they also run one after another, which the
/// consumer build tests need because they share (and rewrite) one consumer folder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed PgtAnalyzers";
}
