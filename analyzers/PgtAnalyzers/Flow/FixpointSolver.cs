using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// A worklist fixpoint over one <see cref="ControlFlowGraph"/>, each block's events recorded at its last
/// visit. try/finally: a finally region is analysed in three kinds of <see cref="FlowContext"/>: once for
/// all the normal paths that run it, their states joined, which records its events; once per destination
/// those paths head for (after the try, the method's exit, a loop's head), which records nothing and goes
/// on there, so a <c>return</c> inside a <c>lock</c> never reaches the code after it; and once while
/// unwinding from an exception raised anywhere in its try, after which flow stops. A catch region starts
/// from every state its try region had.
/// </summary>
internal sealed class FixpointSolver
{
    private const int OrdinaryFlow = 0;

    // More finally contexts than this in one body (nested finally regions times destinations) is a cost cap.
    private const int MaxContexts = 256;

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
    private readonly List<FlowContext> _contexts = new() { FlowContext.Ordinary };
    private readonly Dictionary<FlowContext, int> _contextIds = new();

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
        _entryStates.TryGetValue(new BlockKey(_graph.Blocks.Length - 1, OrdinaryFlow), out var exit) ? exit : null;

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
        var recorded = new Dictionary<BlockKey, VisitRecord>(blocks.Length);
        FlowInto(0, OrdinaryFlow, entry);
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
            if (_contexts[key.Context].Records)
            {
                recorded[key] = Visit(block, state);
            }
            else
            {
                _transfer.Apply(block, state, reporting: false);
            }

            _donor = state;
            Propagate(block, key.Context, entryState, state);
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

    private void Propagate(BasicBlock block, int context, FlowState entryState, FlowState exitState)
    {
        exitState.DropUnreachable(_values);
        // An exception may leave the block anywhere: every enclosing handler sees its entry and exit states.
        for (var region = block.EnclosingRegion; region is not null; region = GraphRegions.NextEnclosing(region))
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

                // A catch keeps the context (FlowInto leaves those it is outside of); a finally unwinds.
                var mode = handler.Kind == ControlFlowRegionKind.Finally
                    ? ContextOf(new FlowContext(handler, FlowContextKind.Unwinding, destination: -1, context, default), context)
                    : context;

                FlowInto(handler.FirstBlockOrdinal, mode, entryState.WithoutConditionKnowledge());
                FlowInto(handler.FirstBlockOrdinal, mode, exitState.WithoutConditionKnowledge());
            }
        }

        if (NullTest(block) is { } test)
        {
            // The branch on which the tested value is not null (`x != null`, `x is not null`, the graph's form of
            // `?.`, `??` and `??=`): null does not go that way.
            var notNull = exitState.Clone();
            var knownNotNull = false;
            foreach (var key in test.Keys)
            {
                notNull.BindNarrowed(key, exitState.Lookup(key).WithoutNull());
                notNull.MarkNotNull(key);
                knownNotNull |= exitState.IsKnownNotNull(key);
            }

            // A value that is null on every path (`PteTable? a = null; b = a ?? t;`) never takes the not-null branch;
            // one an earlier test found not null, or an object made here, never takes the null branch
            // (`if (task != null) SpinLock(task?.Mm)`).
            var builtIn = block.BranchValue is not IBinaryOperation { OperatorMethod: not null };
            var alwaysNull = builtIn && exitState.Lookup(test.Keys[0]) is { Count: 1 } only && only[0] == ValueTable.NullId;
            var neverNull = builtIn && !alwaysNull && (knownNotNull || AllMadeHere(exitState.Lookup(test.Keys[0])));
            var conditionalIsNotNull = test.TrueMeansNull == (block.ConditionKind == ControlFlowConditionKind.WhenFalse);
            if (!neverNull)
            {
                Follow(block, conditionalIsNotNull ? block.FallThroughSuccessor : block.ConditionalSuccessor, context, exitState);
            }

            if (!alwaysNull)
            {
                Follow(block, conditionalIsNotNull ? block.ConditionalSuccessor : block.FallThroughSuccessor, context, notNull);
            }

            return;
        }

        if (ConstantBranch(block) is { } taken)
        {
            // `do { ... } while (false)`, `while (true)`: the branch never taken is no path.
            Follow(block, taken ? block.ConditionalSuccessor : block.FallThroughSuccessor, context, exitState);
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
            Follow(block, block.ConditionalSuccessor, context, exitState);
            Follow(block, block.FallThroughSuccessor, context, otherSide);
            return;
        }

        Follow(block, block.ConditionalSuccessor, context, exitState);
        Follow(block, block.FallThroughSuccessor, context, exitState);
    }

    /// <summary>Whether every value is an object made by <c>new</c> in this body or <c>this</c>: never null.</summary>
    private bool AllMadeHere(ValueSet values)
    {
        if (values.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = _values[values[i]];
            var made = value.Kind == ValueKind.This
                || (value.Kind == ValueKind.Origin && value.Origin is IObjectCreationOperation or IArrayCreationOperation or IAnonymousObjectCreationOperation);
            if (!made)
            {
                return false;
            }
        }

        return true;
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

    private void Follow(BasicBlock block, ControlFlowBranch? branch, int context, FlowState state)
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
                    EnterFinally(new Continuation(branch, 0), context, state);
                }
                else if (branch.Destination is { } destination)
                {
                    FlowInto(destination.Ordinal, context, state);
                }

                break;
            case ControlFlowBranchSemantics.StructuredExceptionHandling:
                // The end of a finally: only a context heading somewhere goes on. The end of a filter, of a
                // finally run while unwinding (the exception goes on) or of the joined run goes nowhere.
                var running = _contexts[context];
                if (running.Kind == FlowContextKind.Heading && GraphRegions.EnclosingFinally(block) == running.Region)
                {
                    Continue(running.Continuation, running.Outer, state);
                }

                break;
        }
    }

    /// <summary>
    /// A normal path enters the finally region its branch runs next: into the run that joins every such path
    /// (which records), and into the run heading for the branch's destination (which goes on there).
    /// </summary>
    private void EnterFinally(Continuation continuation, int context, FlowState state)
    {
        var region = continuation.Branch.FinallyRegions[continuation.Index];
        var destination = continuation.Branch.Destination?.Ordinal ?? -1;
        var joined = ContextOf(new FlowContext(region, FlowContextKind.Joined, destination: -1, context, default), context);
        var heading = ContextOf(new FlowContext(region, FlowContextKind.Heading, destination, context, continuation), context);
        FlowInto(region.FirstBlockOrdinal, joined, state);
        FlowInto(region.FirstBlockOrdinal, heading, state);
    }

    /// <summary>After a finally region run on the way to a destination: the next finally on the way, or the destination.</summary>
    private void Continue(Continuation continuation, int context, FlowState state)
    {
        if (continuation.Index + 1 < continuation.Branch.FinallyRegions.Length)
        {
            EnterFinally(new Continuation(continuation.Branch, continuation.Index + 1), context, state);
        }
        else if (continuation.Branch.Destination is { } destination)
        {
            FlowInto(destination.Ordinal, context, state);
        }
    }

    /// <summary>The id of a context, made on first use. Too many in one body is a cost cap, like too many visits.</summary>
    private int ContextOf(FlowContext wanted, int outer)
    {
        if (_contextIds.TryGetValue(wanted, out var id))
        {
            return id;
        }

        if (_contexts.Count >= MaxContexts)
        {
            throw new AnalysisGaveUpException(GiveUpReason.NotConverging);
        }

        id = _contexts.Count;
        _contexts.Add(wanted.WithRecords(wanted.Kind != FlowContextKind.Heading && _contexts[outer].Records));
        _contextIds.Add(wanted, id);
        return id;
    }

    private void FlowInto(int ordinal, int context, FlowState state)
    {
        // Left the finally being run (into an outer handler, or on to a destination): the context around it.
        while (context != OrdinaryFlow && _contexts[context].Region is { } region
            && (ordinal < region.FirstBlockOrdinal || ordinal > region.LastBlockOrdinal))
        {
            context = _contexts[context].Outer;
        }

        if (ordinal <= _body.CurrentBlock && state.WithoutCapturesDeadAt(ordinal, _captures) is var live && !ReferenceEquals(live, state))
        {
            // A back edge: the captures of the iteration just left are dead at the loop head, and what
            // only they held is unreachable.
            live.DropUnreachable(_values);
            state = live;
        }

        var key = new BlockKey(ordinal, context);
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

    /// <summary>A block, and the <see cref="FlowContext"/> (by id) it is analysed in.</summary>
    private readonly struct BlockKey : System.IComparable<BlockKey>, System.IEquatable<BlockKey>
    {
        public BlockKey(int ordinal, int context)
        {
            Ordinal = ordinal;
            Context = context;
        }

        public int Ordinal { get; }

        public int Context { get; }

        public int CompareTo(BlockKey other) =>
            Ordinal != other.Ordinal ? Ordinal.CompareTo(other.Ordinal) : Context.CompareTo(other.Context);

        public bool Equals(BlockKey other) => Ordinal == other.Ordinal && Context == other.Context;

        public override bool Equals(object? obj) => obj is BlockKey other && Equals(other);

        public override int GetHashCode() => (Ordinal * 397) ^ Context;
    }

    private enum FlowContextKind
    {
        /// <summary>Outside any finally region.</summary>
        Ordinary,

        /// <summary>A finally run for every normal path entering it from <see cref="FlowContext.Outer"/>, their states joined: it records its events and goes nowhere after.</summary>
        Joined,

        /// <summary>A finally run for the normal paths heading to one destination: it records nothing and goes on there.</summary>
        Heading,

        /// <summary>A finally run while an exception unwinds: flow stops at its end.</summary>
        Unwinding,
    }

    /// <summary>
    /// Where flow is: outside any finally, or running one (<see cref="Region"/>) in one of the
    /// <see cref="FlowContextKind"/>s, entered from <see cref="Outer"/>, to which flow returns on leaving the
    /// region. Paths heading through one finally to one destination pass the same finally regions after it
    /// (those around it that do not hold the destination), so the first continuation met stands for them all.
    /// </summary>
    private readonly struct FlowContext : System.IEquatable<FlowContext>
    {
        public FlowContext(ControlFlowRegion? region, FlowContextKind kind, int destination, int outer, Continuation continuation, bool records = false)
        {
            Region = region;
            Kind = kind;
            Destination = destination;
            Outer = outer;
            Continuation = continuation;
            Records = records;
        }

        public static FlowContext Ordinary => new(null, FlowContextKind.Ordinary, -1, OrdinaryFlow, default, records: true);

        public ControlFlowRegion? Region { get; }

        public FlowContextKind Kind { get; }

        public int Destination { get; }

        public int Outer { get; }

        public Continuation Continuation { get; }

        /// <summary>Whether visits here record events: no run heading somewhere does, nor anything inside one.</summary>
        public bool Records { get; }

        public FlowContext WithRecords(bool records) => new(Region, Kind, Destination, Outer, Continuation, records);

        public bool Equals(FlowContext other) =>
            ReferenceEquals(Region, other.Region) && Kind == other.Kind && Destination == other.Destination && Outer == other.Outer;

        public override bool Equals(object? obj) => obj is FlowContext other && Equals(other);

        public override int GetHashCode() =>
            ((((Region is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Region)) * 397) ^ (int)Kind) * 397 ^ Destination) * 397 ^ Outer;
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
