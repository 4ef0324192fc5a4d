using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// Which prefixes and mutants the half-typed sweep analyses. By default (CI): every token boundary of the
/// analyzers' own corpora (the valid-code corpus and the robustness corpus), a seeded sample of one
/// boundary in <see cref="SampleEvery"/> of every other file (the port, the samples), and
/// <see cref="CiMutants"/> seeded mutants per file. With <c>PGT_SWEEP=full</c>: every boundary of every file and <see cref="FullMutants"/>
/// mutants per file. <c>PGT_SWEEP_SEED=n</c> draws another sample and other mutants.
/// </summary>
internal sealed class SweepPlan
{
    public const string ModeVariable = "PGT_SWEEP";
    public const string SeedVariable = "PGT_SWEEP_SEED";
    public const int DefaultSeed = 20230608;
    public const int SampleEvery = 8;
    public const int CiMutants = 8;
    public const int FullMutants = 64;

    private SweepPlan(bool full, int seed)
    {
        Full = full;
        Seed = seed;
    }

    public bool Full { get; }

    public int Seed { get; }

    public int Mutants => Full ? FullMutants : CiMutants;

    public static SweepPlan FromEnvironment()
    {
        var mode = Environment.GetEnvironmentVariable(ModeVariable);
        var seedText = Environment.GetEnvironmentVariable(SeedVariable);
        var seed = string.IsNullOrEmpty(seedText) ? DefaultSeed : int.Parse(seedText, CultureInfo.InvariantCulture);
        return new SweepPlan(string.Equals(mode, "full", StringComparison.OrdinalIgnoreCase), seed);
    }

    /// <summary>True when every boundary of <paramref name="file"/> is analysed (not a sample).</summary>
    public bool SweepsEveryBoundary(SourceSet set, SyntaxTree file) =>
        Full || set.Group is SweepCorpus.ValidCodeFolder or SweepCorpus.RobustnessCorpusGroup;

    /// <summary>Whether the prefix ending at boundary <paramref name="index"/> of <paramref name="file"/> is analysed.</summary>
    public Func<int, bool> Boundaries(SourceSet set, SyntaxTree file)
    {
        if (SweepsEveryBoundary(set, file))
        {
            return _ => true;
        }

        var fileSeed = StableHash(file.FilePath) ^ Seed;
        return index => StableHash(fileSeed, index) % SampleEvery == 0;
    }

    /// <summary>The seed of one file's mutants: the run's seed and the file's path, independent of the order files are visited in.</summary>
    public int MutantSeed(SyntaxTree file) => StableHash(file.FilePath) ^ Seed;

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and the sample must not be.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static int StableHash(int seed, int value)
    {
        var hash = (2166136261u ^ (uint)seed) * 16777619u;
        hash = (hash ^ (uint)value) * 16777619u;
        hash ^= hash >> 15;
        return (int)(hash & 0x7FFFFFFF);
    }
}
