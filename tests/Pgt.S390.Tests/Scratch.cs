using Pgt.Emulator.Kernel;
using Pgt.Emulator.Reports;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Static;
using Pgt.S390.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Pgt.S390.Tests;

public class Scratch(ITestOutputHelper output)
{
    [Fact]
    public void One()
    {
        var r = Emu.Explore(Scenarios.RetractBothHalves("v2"), Emu.Pct(1000));
        output.WriteLine("REPLAY");
        var rr = Pgt.Emulator.Exploration.Explorer.Replay(Pgt.Emulator.Scenarios.KernelScenario.Create("One", Scenarios.RetractBothHalves("v2")), r.FirstFinding!.Trace);
    }
}
