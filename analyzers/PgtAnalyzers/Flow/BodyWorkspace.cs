using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Everything one body's analysis needs besides the state: the contracts, the values, where the final pass
/// records its events, and what the body tells about the bodies nested in it (lambdas seen, code passed to
/// <c>[NoMm]</c>). Nothing in it depends on the rule: the events are replayed to each rule afterwards.
/// </summary>
internal sealed class BodyWorkspace
{
    /// <summary>A received object of type <see cref="Owner"/> met in a method of <see cref="Hierarchy"/>'s type hierarchy.</summary>
    internal readonly struct SeedRequest : System.IEquatable<SeedRequest>
    {
        public SeedRequest(INamedTypeSymbol? hierarchy, ITypeSymbol owner)
        {
            Hierarchy = hierarchy;
            Owner = owner;
        }

        public INamedTypeSymbol? Hierarchy { get; }

        public ITypeSymbol Owner { get; }

        public bool Equals(SeedRequest other) =>
            SymbolEqualityComparer.Default.Equals(Hierarchy, other.Hierarchy) && SymbolEqualityComparer.Default.Equals(Owner, other.Owner);

        public override bool Equals(object? obj) => obj is SeedRequest other && Equals(other);

        public override int GetHashCode() =>
            (SymbolEqualityComparer.Default.GetHashCode(Hierarchy) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Owner);
    }

    public BodyWorkspace(
        ContractIndex contracts,
        IMethodSymbol? method,
        HierarchyOverlayLiveness? hierarchy = null,
        MethodSummaries? summaries = null,
        int summaryDepth = AnalysisBudget.MaxSummaryDepth,
        bool recordsEffects = false,
        CancellationToken cancellationToken = default)
    {
        Contracts = contracts;
        Method = method;
        Hierarchy = hierarchy;
        Summaries = summaries;
        SummaryDepth = summaryDepth;
        RecordsEffects = recordsEffects;
        CancellationToken = cancellationToken;
    }

    /// <summary>Inferred effects of unannotated callees; null when not applied.</summary>
    public MethodSummaries? Summaries { get; }

    /// <summary>How many calls deep the summaries of this body's callees may still look.</summary>
    public int SummaryDepth { get; }

    /// <summary>True when this body is being summarised: its reporting pass records what it does to its parameters.</summary>
    public bool RecordsEffects { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Block being visited (for <see cref="RecordedEffects"/>).</summary>
    public int CurrentBlock { get; set; }

    /// <summary>
    /// When summarising: each parameter's value id and, after them, each captured variable's (a local function's
    /// captures, <see cref="MethodSummaries.CapturedVariables"/>), by the summary ordinal their effects go to.
    /// </summary>
    public Dictionary<int, int> EffectSlots { get; } = new();

    /// <summary>What the final visits saw done to the parameters, when <see cref="RecordsEffects"/>.</summary>
    public List<RecordedEffect> RecordedEffects { get; } = new();

    /// <summary>Callees whose summary a cap left incomplete, each once, with the cap (counted like a body given up on).</summary>
    public Dictionary<ISymbol, GiveUpReason> SummariesGaveUp { get; } = new(SymbolEqualityComparer.Default);

    public ContractIndex Contracts { get; }

    public ValueTable Values { get; } = new();

    /// <summary>Overlay memberships that outlive a method, by type hierarchy; null when not seeded.</summary>
    public HierarchyOverlayLiveness? Hierarchy { get; }

    /// <summary>
    /// The (hierarchy, type) pairs whose persistent memberships this body would seed on received objects,
    /// seeded or not: a root whose pairs all have none is analysed exactly as if unseeded. Null in a summary's
    /// analysis, which tracks no received objects.
    /// </summary>
    public HashSet<SeedRequest>? SeedRequests { get; set; }

    /// <summary>Call results looked up from a parameter (<c>virt_to_page(table)</c>): objects that existed before the body ran.</summary>
    public HashSet<int> Received { get; } = new();

    /// <summary>The body's variables, numbered for its flow states.</summary>
    public BindingSlots Slots { get; } = new();

    /// <summary>The method, lambda or local function whose body this is.</summary>
    public IMethodSymbol? Method { get; }

    /// <summary>
    /// The final visits' events, block by block in ordinal order (<see cref="WriteEvent"/>, <see cref="DeferredFreeEvent"/>,
    /// <see cref="OverlayAccessEvent"/>, <see cref="MmArgumentEvent"/>).
    /// </summary>
    public List<FlowEvent> Events { get; } = new();

    /// <summary>Lambdas met in the body, each once, in the order of the blocks' final visits.</summary>
    public List<IFlowAnonymousFunctionOperation> Lambdas { get; } = new();

    /// <summary>Lambdas met by the block visit under way, repeats included (the solver files them per block).</summary>
    public List<IFlowAnonymousFunctionOperation> LambdasMet { get; } = new();

    /// <summary>Lambdas and local functions passed to a <c>[NoMm]</c> parameter in this body.</summary>
    public Dictionary<ISymbol, NoMmContext> PassedToNoMm { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>One effect on a parameter seen in a summarised body; certain where it happened or not.</summary>
    internal sealed class RecordedEffect
    {
        public RecordedEffect(ParameterContract kind, int ordinal, int block, bool certainInBlock, EarlierCall inside, ISymbol? member = null, string? group = null)
        {
            Kind = kind;
            Ordinal = ordinal;
            Block = block;
            CertainInBlock = certainInBlock;
            Inside = inside;
            Member = member;
            Group = group;
        }

        public ParameterContract Kind { get; }

        public int Ordinal { get; }

        public int Block { get; }

        public bool CertainInBlock { get; }

        public EarlierCall Inside { get; }

        public ISymbol? Member { get; }

        public string? Group { get; }
    }
}
