using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// A worklist fixpoint over one <see cref="ControlFlowGraph"/>, then one reporting pass over the final
/// states. try/finally: a finally region is analysed once for the normal paths that run it (each then goes
/// on to where it was heading) and once more while unwinding from an exception raised anywhere in its try
/// (after which flow stops). A catch region starts from every state its try region had.
/// </summary>
internal sealed class FixpointSolver
{
    private const int NotUnwinding = -1;

    private readonly ControlFlowGraph _graph;
    private readonly GraphCaptures _captures;
    private readonly BranchGuards _guards;

    // The keys a block's null test narrows, refilled for each test (the fixpoint visits branch blocks often).
    private readonly List<object> _nullTestKeys = new(2);
    private readonly OperationTransfer _transfer;
    private readonly ValueTable _values;
    private readonly BodyWorkspace _body;
    private readonly Dictionary<BlockKey, FlowState> _entryStates;
    private readonly SortedSet<BlockKey> _work = new();
    private readonly Dictionary<BlockKey, List<Continuation>> _continuations = new();
    private readonly Dictionary<int, ControlFlowRegion> _unwindingRegions = new();

    // A visit's exit state, which nothing reads once its block is propagated: the first block it reaches
    // for the first time keeps it as its entry state instead of a copy.
    private FlowState? _donor;

    public FixpointSolver(ControlFlowGraph graph, BodyWorkspace body)
    {
        _graph = graph;
        _captures = new GraphCaptures(graph);
        _guards = new BranchGuards(body.Method, graph, _captures);
        _transfer = new OperationTransfer(body, _captures, _guards);
        _values = body.Values;
        _body = body;
        // Most blocks get one entry state: sized once, the table never grows while the analysis runs.
        _entryStates = new Dictionary<BlockKey, FlowState>(graph.Blocks.Length);
    }

    /// <summary>The state on return (the exit block's entry on normal paths), once <see cref="Run"/> is done; null if unreachable.</summary>
    public FlowState? ExitState =>
        _entryStates.TryGetValue(new BlockKey(_graph.Blocks.Length - 1, NotUnwinding), out var exit) ? exit : null;

    /// <summary>
    /// Runs the analysis. Throws <see cref="AnalysisGaveUpException"/> when the body is over the
    /// <see cref="AnalysisBudget"/>, before the reporting pass: a body given up on reports nothing.
    /// </summary>
    public void Run(FlowState entry)
    {
        var blocks = _graph.Blocks;
        if (blocks.Length > AnalysisBudget.MaxBlocks)
        {
            throw new AnalysisGaveUpException(GiveUpReason.TooManyBlocks);
        }

        // Every visit records its events; a block visited again replaces them. A block is queued again whenever
        // its entry state changes, so its last visit saw its final state: what it recorded then is what a
        // second pass over the final states would record, without that pass.
        var recorded = new Dictionary<BlockKey, VisitRecord>();
        FlowInto(0, NotUnwinding, entry);
        var budget = (blocks.Length * AnalysisBudget.MaxVisitsPerBlock) + 100;
        while (_work.Count > 0)
        {
            if (--budget < 0)
            {
                throw new AnalysisGaveUpException(GiveUpReason.NotConverging);
            }

            var key = _work.Min;
            _work.Remove(key);
            var entryState = _entryStates[key];
            var state = entryState.Clone();
            var block = blocks[key.Ordinal];
            _body.CurrentBlock = key.Ordinal;
            recorded[key] = Visit(block, state);
            _donor = state;
            Propagate(block, key.Unwinding, entryState, state);
            _donor = null;
        }

        var reached = new List<BlockKey>(recorded.Keys);
        reached.Sort();
        foreach (var key in reached)
        {
            var record = recorded[key];
            _body.Events.AddRange(record.Events);
            _body.RecordedEffects.AddRange(record.Effects);
            foreach (var lambda in record.Lambdas)
            {
                if (!_body.Lambdas.Contains(lambda))
                {
                    _body.Lambdas.Add(lambda);
                }
            }
        }
    }

    /// <summary>One visit of a block, with what it recorded taken out of the workspace's lists.</summary>
    private VisitRecord Visit(BasicBlock block, FlowState state)
    {
        _body.LambdasMet.Clear();
        _transfer.Apply(block, state, reporting: true);
        var record = new VisitRecord(_body.Events.ToArray(), _body.RecordedEffects.ToArray(), _body.LambdasMet.ToArray());
        _body.Events.Clear();
        _body.RecordedEffects.Clear();
        return record;
    }

    private void Propagate(BasicBlock block, int unwinding, FlowState entryState, FlowState exitState)
    {
        exitState.DropUnreachable(_values);
        // An exception may leave the block anywhere: every enclosing handler sees its entry and exit states.
        foreach (var region in EnclosingRegions(block))
        {
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } tryAndHandlers)
            {
                continue;
            }

            foreach (var handler in tryAndHandlers.NestedRegions)
            {
                if (handler == region)
                {
                    continue;
                }

                var mode = unwinding;
                if (handler.Kind == ControlFlowRegionKind.Finally)
                {
                    mode = handler.FirstBlockOrdinal;
                    _unwindingRegions[mode] = handler;
                }

                FlowInto(handler.FirstBlockOrdinal, mode, entryState.WithoutConditionKnowledge());
                FlowInto(handler.FirstBlockOrdinal, mode, exitState.WithoutConditionKnowledge());
            }
        }

        if (NullTest(block) is { } test)
        {
            // The branch on which the tested value is not null (`x != null`, `x is not null`, the graph's form of
            // `?.`, `??` and `??=`): null does not go that way.
            var notNull = exitState.Clone();
            foreach (var key in test.Keys)
            {
                notNull.Bind(key, exitState.Lookup(key).WithoutNull());
            }

            // A value that is null on every path (`PteTable? a = null; b = a ?? t;`) never takes the not-null branch.
            var alwaysNull = block.BranchValue is not IBinaryOperation { OperatorMethod: not null }
                && exitState.Lookup(test.Keys[0]) is { Count: 1 } only && only[0] == ValueTable.NullId;
            var conditionalIsNotNull = test.TrueMeansNull == (block.ConditionKind == ControlFlowConditionKind.WhenFalse);
            Follow(block, conditionalIsNotNull ? block.FallThroughSuccessor : block.ConditionalSuccessor, unwinding, exitState);
            if (!alwaysNull)
            {
                Follow(block, conditionalIsNotNull ? block.ConditionalSuccessor : block.FallThroughSuccessor, unwinding, notNull);
            }

            return;
        }

        if (ConstantBranch(block) is { } taken)
        {
            // `do { ... } while (false)`, `while (true)`: the branch never taken is no path.
            Follow(block, taken ? block.ConditionalSuccessor : block.FallThroughSuccessor, unwinding, exitState);
            return;
        }

        if (block.ConditionKind != ControlFlowConditionKind.None && _guards.TestedCondition(block) is { } tested)
        {
            // `if (now)`, `if (mask == 0)`: on each side the test has the outcome that side means; a fact made
            // where that outcome cannot hold is not on this side, and the others hold with it (a member released
            // under `!keep` is live only where keep is true).
            var jumpsWhen = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            var otherSide = exitState.Clone();
            otherSide.Narrow(jumpsWhen ? tested.Negated : tested);
            exitState.Narrow(jumpsWhen ? tested : tested.Negated);
            Follow(block, block.ConditionalSuccessor, unwinding, exitState);
            Follow(block, block.FallThroughSuccessor, unwinding, otherSide);
            return;
        }

        Follow(block, block.ConditionalSuccessor, unwinding, exitState);
        Follow(block, block.FallThroughSuccessor, unwinding, exitState);
    }

    /// <summary>Whether a block's conditional branch is taken, when its condition is a constant; null otherwise.</summary>
    private static bool? ConstantBranch(BasicBlock block) =>
        block.ConditionKind != ControlFlowConditionKind.None
        && block.BranchValue?.ConstantValue is { HasValue: true, Value: bool value }
            ? value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue)
            : null;

    /// <summary>
    /// What a block's branch tests for null: a flow capture (with the local or parameter it captured in this
    /// block, as `??=` on a local does), a local or a parameter; and whether the condition being true means null.
    /// </summary>
    private (List<object> Keys, bool TrueMeansNull)? NullTest(BasicBlock block)
    {
        if (block.ConditionKind == ControlFlowConditionKind.None)
        {
            return null;
        }

        var (tested, trueMeansNull) = block.BranchValue switch
        {
            IIsNullOperation isNull => (isNull.Operand, true),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary when IsNullLiteral(binary.RightOperand) =>
                (binary.LeftOperand, binary.OperatorKind == BinaryOperatorKind.Equals),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary when IsNullLiteral(binary.LeftOperand) =>
                (binary.RightOperand, binary.OperatorKind == BinaryOperatorKind.Equals),
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } pattern when IsNullLiteral(value) => (pattern.Value, true),
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } } pattern when IsNullLiteral(value) =>
                (pattern.Value, false),
            _ => (null, false),
        };
        while (tested is IConversionOperation { OperatorMethod: null } conversion)
        {
            tested = conversion.Operand;
        }

        var keys = _nullTestKeys;
        keys.Clear();
        switch (tested)
        {
            case IFlowCaptureReferenceOperation capture:
                // A capture of a capture of a local (`??=` on a local) tests the local: refine all of them.
                var id = capture.Id;
                for (var hops = 0; hops < 8; hops++)
                {
                    keys.Add(id);
                    var source = _captures.SourceOf(id);
                    if (source is null)
                    {
                        break;
                    }

                    if (source is not CaptureId next)
                    {
                        keys.Add(source);
                        break;
                    }

                    id = next;
                }

                break;
            case ILocalReferenceOperation { Local.IsRef: false } local:
                keys.Add(local.Local);
                break;
            case IParameterReferenceOperation parameter:
                keys.Add(parameter.Parameter);
                break;
            default:
                return null;
        }

        return (keys, trueMeansNull);
    }

    private static bool IsNullLiteral(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };
    }

    private void Follow(BasicBlock block, ControlFlowBranch? branch, int unwinding, FlowState state)
    {
        if (branch is null)
        {
            return;
        }

        switch (branch.Semantics)
        {
            case ControlFlowBranchSemantics.Regular:
            case ControlFlowBranchSemantics.Return:
                if (branch.FinallyRegions.Length > 0)
                {
                    EnterFinally(new Continuation(branch, 0), unwinding, state);
                }
                else if (branch.Destination is { } destination)
                {
                    FlowInto(destination.Ordinal, unwinding, state);
                }

                break;
            case ControlFlowBranchSemantics.StructuredExceptionHandling:
                var finallyRegion = EnclosingFinally(block);
                if (finallyRegion is null || unwinding == finallyRegion.FirstBlockOrdinal)
                {
                    // The end of a filter, or of a finally run while unwinding: the exception goes on.
                    return;
                }

                if (_continuations.TryGetValue(new BlockKey(finallyRegion.FirstBlockOrdinal, unwinding), out var continuations))
                {
                    foreach (var continuation in continuations.ToArray())
                    {
                        Continue(continuation, unwinding, state);
                    }
                }

                break;
        }
    }

    private void EnterFinally(Continuation continuation, int unwinding, FlowState state)
    {
        var region = continuation.Branch.FinallyRegions[continuation.Index];
        var key = new BlockKey(region.FirstBlockOrdinal, unwinding);
        if (!_continuations.TryGetValue(key, out var list))
        {
            list = new List<Continuation>();
            _continuations.Add(key, list);
        }

        if (!list.Contains(continuation))
        {
            list.Add(continuation);

            // The finally's end may already have been visited without this continuation: visit it again.
            for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                var inner = new BlockKey(ordinal, unwinding);
                if (_entryStates.ContainsKey(inner))
                {
                    _work.Add(inner);
                }
            }
        }

        FlowInto(region.FirstBlockOrdinal, unwinding, state);
    }

    private void Continue(Continuation continuation, int unwinding, FlowState state)
    {
        if (continuation.Index + 1 < continuation.Branch.FinallyRegions.Length)
        {
            EnterFinally(new Continuation(continuation.Branch, continuation.Index + 1), unwinding, state);
        }
        else if (continuation.Branch.Destination is { } destination)
        {
            FlowInto(destination.Ordinal, unwinding, state);
        }
    }

    private void FlowInto(int ordinal, int unwinding, FlowState state)
    {
        if (unwinding != NotUnwinding
            && (!_unwindingRegions.TryGetValue(unwinding, out var region) || ordinal < region.FirstBlockOrdinal || ordinal > region.LastBlockOrdinal))
        {
            // Left the finally being unwound (into an outer handler): normal flow from here on.
            unwinding = NotUnwinding;
        }

        if (ordinal <= _body.CurrentBlock && state.WithoutCapturesDeadAt(ordinal, _captures) is var live && !ReferenceEquals(live, state))
        {
            // A back edge: the captures of the iteration just left are dead at the loop head, and what
            // only they held is unreachable.
            live.DropUnreachable(_values);
            state = live;
        }

        var key = new BlockKey(ordinal, unwinding);
        if (!_entryStates.TryGetValue(key, out var old))
        {
            // Propagation only reads a state after storing it (joins and copies leave it as it is).
            _entryStates[key] = ReferenceEquals(state, _donor) ? state : state.Clone();
            if (ReferenceEquals(state, _donor))
            {
                _donor = null;
            }

            _work.Add(key);
            return;
        }

        if (old.JoinFrom(state, _values))
        {
            _work.Add(key);
        }
    }

    /// <summary>
    /// The regions around a block, innermost first, up to this graph's root. Not beyond: Roslyn gives the
    /// root of a lambda's or local function's graph the enclosing method's region as EnclosingRegion, and
    /// following it would send this graph's states to the enclosing method's handler blocks.
    /// </summary>
    private static IEnumerable<ControlFlowRegion> EnclosingRegions(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            yield return region;
            if (region.Kind == ControlFlowRegionKind.Root)
            {
                yield break;
            }
        }
    }

    private static ControlFlowRegion? EnclosingFinally(BasicBlock block)
    {
        foreach (var region in EnclosingRegions(block))
        {
            if (region.Kind is ControlFlowRegionKind.Finally or ControlFlowRegionKind.Filter)
            {
                return region.Kind == ControlFlowRegionKind.Finally ? region : null;
            }
        }

        return null;
    }

    /// <summary>A block, and which finally region (by first block) is being unwound there, if any.</summary>
    private readonly struct BlockKey : System.IComparable<BlockKey>, System.IEquatable<BlockKey>
    {
        public BlockKey(int ordinal, int unwinding)
        {
            Ordinal = ordinal;
            Unwinding = unwinding;
        }

        public int Ordinal { get; }

        public int Unwinding { get; }

        public int CompareTo(BlockKey other) =>
            Ordinal != other.Ordinal ? Ordinal.CompareTo(other.Ordinal) : Unwinding.CompareTo(other.Unwinding);

        public bool Equals(BlockKey other) => Ordinal == other.Ordinal && Unwinding == other.Unwinding;

        public override bool Equals(object? obj) => obj is BlockKey other && Equals(other);

        public override int GetHashCode() => (Ordinal * 397) ^ Unwinding;
    }

    /// <summary>Where a branch that runs finally regions goes after the <see cref="Index"/>-th one.</summary>
    private readonly struct Continuation : System.IEquatable<Continuation>
    {
        public Continuation(ControlFlowBranch branch, int index)
        {
            Branch = branch;
            Index = index;
        }

        public ControlFlowBranch Branch { get; }

        public int Index { get; }

        public bool Equals(Continuation other) => ReferenceEquals(Branch, other.Branch) && Index == other.Index;

        public override bool Equals(object? obj) => obj is Continuation other && Equals(other);

        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Branch) ^ Index;
    }

    /// <summary>What one visit of a block recorded.</summary>
    private sealed class VisitRecord
    {
        public VisitRecord(FlowEvent[] events, BodyWorkspace.RecordedEffect[] effects, IFlowAnonymousFunctionOperation[] lambdas)
        {
            Events = events;
            Effects = effects;
            Lambdas = lambdas;
        }

        public FlowEvent[] Events { get; }

        public BodyWorkspace.RecordedEffect[] Effects { get; }

        public IFlowAnonymousFunctionOperation[] Lambdas { get; }
    }
}
