using System.Reflection;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Type = System.Type;
using Pgt.Emulator.Kernel;
using Xunit;
using Xunit.Abstractions;

namespace Pgt.Emulator.Tests;

/// <summary>
/// The emulator's structure, read from its compiled code (every type it names, method bodies included):
/// its top-level namespaces form no cycle, the checkers see the machine only through their read-only
/// view, and RCU knows nothing of page lifetimes. Run with a detailed logger to see the namespace graph.
/// </summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private const string Root = "Pgt.Emulator";

    private static readonly Lazy<Architecture> Emulator =
        new(() => new ArchLoader().LoadAssemblies(typeof(Machine).Assembly).Build());

    [Fact]
    public void TopLevelNamespaces_FormNoCycle()
    {
        var graph = NamespaceGraph(Emulator.Value);
        foreach (var (edge, example) in graph)
        {
            output.WriteLine($"{edge.From} -> {edge.To}    (e.g. {example})");
        }

        var cycle = FindCycle(graph.Keys.ToList());
        Assert.True(cycle is null, cycle is null ? "" : "namespace cycle: " + string.Join(" -> ", cycle)
            + "\n" + string.Join("\n", graph.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
                .Select(e => $"  {e.Key.From} -> {e.Key.To} (e.g. {e.Value})")));
    }

    [Fact]
    public void TheCycleFinder_FindsACycle() =>
        Assert.Equal(["Kernel", "Rcu", "Kernel"], FindCycle([("Exploration", "Kernel"), ("Kernel", "Rcu"), ("Rcu", "Kernel")]));

    [Fact]
    public void Checkers_ReadTheMachineOnlyThroughTheirView()
    {
        // Who may change the machine: none of these is reachable from a checker or a report builder.
        Type[] writers =
        [
            typeof(Machine), typeof(PageLifetimes), typeof(StrandState), typeof(RcuEngine), typeof(WordHistory),
            typeof(PhysicalMemory), typeof(SectionSnapshots), typeof(StackDepot), typeof(FunctionTable),
            typeof(CpuTable), typeof(PageAllocator), typeof(TableBatches), typeof(ListDebug),
        ];
        var observers = typeof(Machine).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(Checker)) || type == typeof(Checker) || type == typeof(CheckerHub)
                || type == typeof(FindingSections) || type == typeof(KernelFaults))
            .ToList();
        Assert.True(observers.Count >= 10, $"only {observers.Count} observers found");

        var violations = observers.SelectMany(observer => DependenciesOf(observer)
                .Where(target => writers.Any(writer => writer.FullName == target))
                .Select(target => $"{observer.Name} uses {target}"))
            .Distinct()
            .ToList();
        Assert.Empty(violations);
    }

    [Fact]
    public void TheDependencyReader_SeesWhatAMethodBodyUses() =>
        // KernelView names the machine in method bodies only (its constructor and its getters).
        Assert.Contains(typeof(Machine).FullName, DependenciesOf(typeof(KernelView)));

    [Fact]
    public void Rcu_KnowsNothingOfPageLifetimes()
    {
        Type[] rcu =
        [
            typeof(RcuEngine), typeof(CallbackRecord), typeof(GpWorkCondition), typeof(GpReadersGoneCondition),
            typeof(CallbackReadyCondition), typeof(GpCompletedCondition), typeof(IpiCondition), typeof(BarrierCondition),
            typeof(Rcu.RcuPrimitives),
        ];
        var violations = rcu.SelectMany(type => DependenciesOf(type)
                .Where(target => target == typeof(PageLifetimes).FullName || target == typeof(ILifetimeView).FullName
                    || target == typeof(PageKind).FullName || target == typeof(StructPage).FullName)
                .Select(target => $"{type.Name} uses {target}"))
            .ToList();
        Assert.Empty(violations);
    }

    /// <summary>Every type <paramref name="type"/> (with its nested and compiler-generated types) depends on.</summary>
    private static IEnumerable<string> DependenciesOf(Type type)
    {
        var name = type.FullName!;
        return Emulator.Value.Types
            .Where(t => t.FullName == name || t.FullName.StartsWith(name + "+", StringComparison.Ordinal)
                || t.FullName.StartsWith(name + "/", StringComparison.Ordinal))
            .SelectMany(t => t.Dependencies)
            .Select(dependency => (dependency.Target?.FullName ?? "").Replace('/', '+'))
            .Distinct();
    }

    /// <summary>Pgt.Emulator.X -> Pgt.Emulator.Y for X != Y, with one type that makes each edge.</summary>
    internal static SortedDictionary<(string From, string To), string> NamespaceGraph(Architecture architecture)
    {
        var graph = new SortedDictionary<(string From, string To), string>();
        foreach (var type in architecture.Types)
        {
            var from = TopLevel(type.Namespace?.FullName ?? "");
            if (from is null)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                var to = TopLevel(dependency.Target?.Namespace?.FullName ?? "");
                if (to is not null && to != from)
                {
                    graph.TryAdd((from, to), $"{type.Name} uses {dependency.Target!.Name}");
                }
            }
        }

        return graph;
    }

    private static string? TopLevel(string ns) =>
        ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0] : null;

    /// <summary>A cycle of the directed graph (its first node repeated at the end), or null.</summary>
    internal static List<string>? FindCycle(IReadOnlyList<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var state = new Dictionary<string, int>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return [.. path[path.IndexOf(to)..], to];
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in next.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
