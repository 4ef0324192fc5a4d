using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;

namespace Pgt.S390.Tests.Support;

/// <summary>The seven designs by a short key, for theories.</summary>
internal static class PortDesigns
{
    public static IPgtableDesign Create(string key, Machine m) => key switch
    {
        "v6.4" => new V64(m),
        "v1" => new V1MmgrabCallRcu(m),
        "gross" => new GrossPatch(m),
        "v2-draft" => new V2DraftPtMm(m),
        "v2" => new V2GlobalListLock(m),
        "v6.6" => new V66PageActive(m),
        "v6.8" => new V68FullPage(m),
        _ => throw new ArgumentException($"no design '{key}'", nameof(key)),
    };

    public static readonly string[] All = ["v6.4", "v1", "gross", "v2-draft", "v2", "v6.6", "v6.8"];
}
