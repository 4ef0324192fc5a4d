using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Outcomes;

/// <summary>Stands in for the kernel's Machine: built from the execution, other parameters optional.</summary>
public sealed class ToyMachine
{
    public ToyMachine(IExecution execution, int strands = 2)
    {
        Execution = execution;
        Strands = strands;
    }

    public IExecution Execution { get; }

    public int Strands { get; }
}

public static class MachineArgument
{
    [Scenario("a scenario that takes a machine built from the execution", ExpectFinding = "lost-update")]
    public static void RaceOnToyMachine(ToyMachine machine) => Counter.Run(machine.Execution, machine.Strands);
}
