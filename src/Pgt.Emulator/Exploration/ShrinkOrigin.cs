using System.Globalization;

namespace Pgt.Emulator.Exploration;

/// <summary>The size of a finding's schedule before it was shrunk: steps up to the finding, and preemptions.</summary>
public sealed record ShrinkOrigin(int Steps, int Preemptions)
{
    /// <summary><c>shrunk from 41 steps/6 preemptions to 12/1</c>.</summary>
    public string Describe(int steps, int preemptions) =>
        string.Create(CultureInfo.InvariantCulture, $"shrunk from {Steps} steps/{Preemptions} preemptions to {steps}/{preemptions}");
}
