using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

// Calls: arguments evaluated, then the callee's contracts applied (the facts' own files say how).
internal sealed partial class OperationTransfer
{
    /// <summary>
    /// A call; <paramref name="receivers"/> are the values its <paramref name="instance"/> (if any) evaluated to.
    /// The arguments are evaluated left to right first; then the callee's contracts take effect in two passes
    /// over them, because observing must not see the call's own effects: a <c>[Writes]</c> argument left of a
    /// <c>[DeferredFree]</c> one is written before the free, whichever side it is on.
    /// </summary>
    private ValueSet Call(IOperation call, IMethodSymbol? method, IOperation? instance, ValueSet receivers, ImmutableArray<IArgumentOperation> arguments)
    {
        var evaluated = Pass(call, method, PassedValue.Of(arguments));
        if (method is { MethodKind: MethodKind.LocalFunction })
        {
            ApplyCapturedEffects(call, method);
        }

        if (method is not null)
        {
            ReplaceMembersAssignedBy(call, method, instance, receivers, arguments, evaluated);
        }

        ApplyDelegates(method, receivers, arguments, evaluated);

        if (method is null || method.ReturnsVoid)
        {
            return ValueSet.Unknown;
        }

        if (Contracts.IsMmSource(method))
        {
            return ValueSet.Of(Values.Origin(call, isMmSource: true));
        }

        if (ReturnedArgument(call, method, arguments, evaluated) is { } returned)
        {
            // `Retire(mm, t)[0] = 0`: the call hands back what it was given, an alias like an assignment.
            return returned;
        }

        if (instance is not null && !method.IsStatic)
        {
            return CallResults(receivers, method, call);
        }

        if ((method.ReturnsByRef || method.ReturnsByRefReadonly) && method.IsExtensionMethod && evaluated.Length > 0)
        {
            // `ref ulong FirstWord(this PteTable t)`: the location is in the memory of its first argument, as an
            // instance method's is in its receiver's.
            return CallResults(evaluated[0].Values, method, call);
        }

        var result = Fresh(call);
        if (result.IsSingle && _body.SeedRequests is not null && LooksUpReceived(evaluated))
        {
            // virt_to_page(table): the object existed before this body ran, with whatever the hierarchy left live on it.
            _body.Received.Add(result[0]);
            SeedPersistentMembers(_body, _state, result[0], call.Type);
        }

        return result;
    }

    /// <summary>
    /// A local function's effects on the variables it captures (<see cref="MethodSummaries.CapturedVariables"/>),
    /// applied to what they hold here as if they were passed: <c>void Free() =&gt; PteFreeDefer(mm, t); Free();</c>
    /// defers <c>t</c>. Writes first, then deferral and overlay accesses, as for arguments.
    /// </summary>
    private void ApplyCapturedEffects(IOperation call, IMethodSymbol method)
    {
        if (_body.Summaries is not { } summaries || !summaries.CanSummarise(method)
            || summaries.CapturedVariables(method, _body.CancellationToken) is not { IsEmpty: false } captured)
        {
            return;
        }

        var summary = SummaryOf(summaries, method);
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < captured.Length; i++)
            {
                var effects = summary.Of(method.Parameters.Length + i);
                if (effects.IsEmpty)
                {
                    continue;
                }

                var variable = captured[i];
                var values = _state.Lookup(variable);
                foreach (var effect in effects)
                {
                    var blame = EarlierCall.ForCall(call, method).Via(effect);
                    if (pass == 0 && effect.Kind == ParameterContract.Writes)
                    {
                        ReportWrite(call, call, values, effect.Certainty, blame, variable.Name);
                    }
                    else if (pass == 1 && effect.Kind == ParameterContract.DeferredFree)
                    {
                        DeferFree(call, method, call, values, effect.Certainty, blame, variable.Name);
                    }
                    else if (pass == 1 && effect.Kind is ParameterContract.Claims or ParameterContract.Releases or ParameterContract.AssumesReleased
                        && effect.Member is not null && effect.Group is not null)
                    {
                        AccessOverlay(call, AccessOf(effect.Kind), effect.Member, effect.Group, values, blame, effect.Certainty, variable.Name + "." + effect.Member.Name, effect.Transient);
                    }
                }
            }
        }

        // What the local function assigns to a captured variable is a value this body never saw.
        foreach (var variable in summaries.AssignedCaptures(method, _body.CancellationToken))
        {
            _state.Bind(variable, ValueSet.Unknown);
        }
    }

    /// <summary>The values of the argument the callee returns unchanged (<see cref="MethodSummaries.ReturnedParameter"/>), or null.</summary>
    private ValueSet? ReturnedArgument(IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, EvaluatedArgument[] evaluated)
    {
        if (_body.Summaries is not { } summaries
            || !summaries.CanSummarise(method, call)
            || summaries.ReturnedParameter(method, _body.CancellationToken) is not { } ordinal)
        {
            return null;
        }

        return ArgumentValues(arguments, evaluated, ordinal);
    }

    /// <summary>
    /// Values passed to <paramref name="method"/>'s parameters at <paramref name="call"/>: a call's arguments,
    /// an indexer's indices, a user-defined operator's operands or conversion's operand, a setter's value.
    /// Each is evaluated in order (unless it already was), then the parameters' contracts take effect.
    /// </summary>
    private EvaluatedArgument[] Pass(IOperation call, IMethodSymbol? method, PassedValue[] arguments)
    {
        var evaluated = new EvaluatedArgument[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            evaluated[i] = EvaluateArgument(arguments[i]);
        }

        // Pass 1, observing: writes through the arguments and the mm passed, as the state is before the call.
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            var contract = evaluated[i].Contract;
            CommitWrite(evaluated[i].RefWrite);
            if ((contract & ParameterContract.Writes) != 0)
            {
                ReportWrite(argument.Value, argument.Value, evaluated[i].Values);
            }

            if ((contract & ParameterContract.RequiresMm) != 0 && method is not null && argument.Parameter is { } parameter)
            {
                ReportMmArgument(call, argument.Value, method, parameter, evaluated[i].Values);
            }

            foreach (var effect in evaluated[i].Inferred)
            {
                if (effect.Kind == ParameterContract.Writes)
                {
                    ReportWrite(argument.Value, argument.Value, evaluated[i].Values, effect.Certainty, EarlierCall.ForCall(call, method).Via(effect));
                }
                else if (effect.Kind == ParameterContract.RequiresMm && method is not null && argument.Parameter is { } mmParameter)
                {
                    ReportMmArgument(call, argument.Value, method, mmParameter, evaluated[i].Values, EarlierCall.ForCall(call, method).Via(effect));
                }
            }
        }

        // Pass 2, taking effect: deferral, overlay claims and releases, [NoMm] code, ref arguments' new values.
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            var contract = evaluated[i].Contract;
            if ((contract & ParameterContract.DeferredFree) != 0)
            {
                DeferFree(call, method, argument.Value, evaluated[i].Values);
            }

            foreach (var effect in evaluated[i].Inferred)
            {
                var blame = EarlierCall.ForCall(call, method).Via(effect);
                switch (effect.Kind)
                {
                    case ParameterContract.DeferredFree:
                        DeferFree(call, method, argument.Value, evaluated[i].Values, effect.Certainty, blame);
                        break;
                    case ParameterContract.Claims or ParameterContract.Releases or ParameterContract.AssumesReleased when effect.Member is not null && effect.Group is not null:
                        AccessOverlay(argument.Value, AccessOf(effect.Kind), effect.Member, effect.Group, evaluated[i].Values, blame, effect.Certainty, MemberTexts.Of(argument.Value.Syntax, effect.Member.Name), effect.Transient);
                        break;
                    case ParameterContract.Claims or ParameterContract.Releases or ParameterContract.AssumesReleased:
                        // The callee claims or releases the member it is given, as an explicit attribute would.
                        PassOverlayMember(call, method, effect.Kind, evaluated[i], effect);
                        break;
                }
            }

            if ((contract & OverlayContracts) != 0)
            {
                PassOverlayMember(call, method, contract, evaluated[i], via: null);
            }

            if ((contract & ParameterContract.NoMm) != 0 && argument.Parameter is { } parameter)
            {
                NoteNoMmTarget(argument.Value, call, method, parameter);
            }

            if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out })
            {
                BindRefArgument(call, method, argument);
            }
        }

        return evaluated;
    }

    /// <summary>
    /// What the callee stored in a variable passed by <c>out</c>/<c>ref</c> (<c>cache.TryGetValue(key, out var old)</c>):
    /// an object of its own, tracked from here like a call's result, unless the callee's body never assigns
    /// that <c>ref</c> parameter. As an mm it counts as legal: nothing says where it came from. Its site is
    /// the argument, not the variable's reference, whose own value was made before the call. Kept out of
    /// <see cref="Pass"/>, whose frame every nested call repeats.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void BindRefArgument(IOperation call, IMethodSymbol? method, PassedValue argument)
    {
        if (VariableOf(StripConversions(argument.Value)) is { } variable
            && (method is null || _body.Summaries is not { } summaries || summaries.MayAssignRefParameter(method, call, argument.Parameter!, _body.CancellationToken)))
        {
            _state.Bind(variable, Fresh(argument.Value.Parent ?? argument.Value, argument.Value.Type, isMmSource: true));
        }
    }

    /// <summary>
    /// The members the callee's body gives a new object (<see cref="MethodSummaries.AssignedMembers"/>): as after
    /// <c>h.Table = ...</c> here, variables that read the member earlier keep the old object and the member
    /// holds another. One member of one object replaced on every path is detached from its old object; any
    /// other replacement makes what was known of the member hold on some paths only.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ReplaceMembersAssignedBy(IOperation call, IMethodSymbol method, IOperation? instance, ValueSet receivers, ImmutableArray<IArgumentOperation> arguments, EvaluatedArgument[] evaluated)
    {
        if (instance is not null && IsEnumeratorStep(method))
        {
            RenewCurrent(call, receivers);
        }

        if (_body.Summaries is not { } summaries
            || summaries.AssignedMembers(method, call, _body.CancellationToken) is not { IsEmpty: false } assigned)
        {
            return;
        }

        var paths = new List<int>();
        var allCertain = true;
        foreach (var member in assigned)
        {
            allCertain &= member.Certain;
            if (member.Owner == AssignedMember.StaticOwner)
            {
                paths.Add(Values.StaticMember(member.Member, Contracts.IsMmSource(member.Member)));
                continue;
            }

            var owners = member.Owner == AssignedMember.ThisOwner
                ? instance is not null ? receivers
                    : method.MethodKind == MethodKind.LocalFunction && _body.Method is { IsStatic: false } ? ValueSet.Of(Values.This()) : ValueSet.Unknown
                : ArgumentValues(arguments, evaluated, member.Owner) ?? ValueSet.Unknown;
            for (var i = 0; i < owners.Count; i++)
            {
                if (owners[i] != ValueTable.UnknownId && owners[i] != ValueTable.NullId)
                {
                    paths.Add(Values.View(owners[i], member.Member, call, false));
                }
            }
        }

        if (paths.Count == 1 && allCertain && Values[paths[0]].Kind is ValueKind.View or ValueKind.StaticMember)
        {
            var path = paths[0];
            _state.Detach(path, DetachedValue(call), id => id != path && Values.IsSelfOrDescendantOf(id, path));
            return;
        }

        foreach (var path in paths)
        {
            if (_state.Deferred.TryGetValue(path, out var fact) && fact.Certainty == Certainty.OnAllPaths)
            {
                _state.SetDeferred(path, fact.Join(null));
            }
        }
    }

    /// <summary>
    /// <c>e.MoveNext()</c> (or <c>MoveNextAsync()</c>) of the enumerator pattern: an instance method without
    /// parameters that moves the receiver's <c>Current</c> on to another element.
    /// </summary>
    private static bool IsEnumeratorStep(IMethodSymbol method) =>
        method.Name is "MoveNext" or "MoveNextAsync" && method.Parameters.IsEmpty && !method.IsStatic;

    /// <summary>
    /// After <c>e.MoveNext()</c>, <c>e.Current</c> is another element: as for a member a call assigns
    /// (<see cref="ReplaceMembersAssignedBy"/>), variables that read it earlier keep the old element, which
    /// moves with its facts to a value of its own, and the next <c>e.Current</c> starts afresh. So a manual
    /// enumerator loop gets a new element per iteration, as a <c>foreach</c> does.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RenewCurrent(IOperation call, ValueSet receivers)
    {
        // One enumerator, one Current view made so far (only views already made can hold facts; a body interns
        // few values, see ValueTable). An enumerator that may be one of several keeps its Current, as before.
        if (!receivers.IsSingle || receivers[0] == ValueTable.UnknownId || receivers[0] == ValueTable.NullId)
        {
            return;
        }

        var owner = receivers[0];
        var path = ValueTable.UnknownId;
        for (var id = 0; id < Values.Count; id++)
        {
            var value = Values[id];
            if (value.Parent == owner && value.Kind == ValueKind.View && !value.IsOlder
                && value.Symbol is IPropertySymbol { Name: "Current", Parameters.IsEmpty: true, IsStatic: false })
            {
                if (path != ValueTable.UnknownId)
                {
                    return;
                }

                path = id;
            }
        }

        if (path != ValueTable.UnknownId)
        {
            _state.Detach(path, DetachedValue(call), other => other != path && Values.IsSelfOrDescendantOf(other, path));
        }
    }

    /// <summary>What the argument of the parameter with <paramref name="ordinal"/> evaluated to; null when none was passed.</summary>
    private static ValueSet? ArgumentValues(ImmutableArray<IArgumentOperation> arguments, EvaluatedArgument[] evaluated, int ordinal)
    {
        for (var i = 0; i < arguments.Length && i < evaluated.Length; i++)
        {
            if (arguments[i].Parameter?.Ordinal == ordinal)
            {
                return evaluated[i].Values;
            }
        }

        return null;
    }

    private const ParameterContract OverlayContracts = ParameterContract.Claims | ParameterContract.Releases | ParameterContract.AssumesReleased;

    /// <summary>
    /// An argument of a claiming, releasing or asserting parameter (explicit, or inferred for a parameter the
    /// callee passes on to one): an <c>[Overlay]</c> member passed there is claimed, released or asserted
    /// released at the argument; in a body being summarised, its own parameter passed there earns the
    /// parameter the same effect (<c>static void Unlink(ListHead node) =&gt; ListDel(node);</c>).
    /// </summary>
    private void PassOverlayMember(IOperation call, IMethodSymbol? method, ParameterContract contract, EvaluatedArgument argument, InferredEffect? via)
    {
        var blame = EarlierCall.ForCall(call, method, argument.Overlay?.Reference.Syntax);
        blame = via is null ? blame : blame.Via(via);
        var cap = via?.Certainty ?? Certainty.OnAllPaths;
        var kind = (contract & ParameterContract.Claims) != 0 ? ParameterContract.Claims
            : (contract & ParameterContract.Releases) != 0 ? ParameterContract.Releases
            : ParameterContract.AssumesReleased;
        if (argument.Overlay is not { } overlay)
        {
            RecordParameterEffect(kind, argument.Values, throughViews: false, blame, cap);
            return;
        }

        AccessOverlay(overlay.Reference, AccessOf(kind), overlay.Member, overlay.Group, overlay.Owners, blame, cap, checkOnly: via?.Transient == true);
    }

    /// <summary>The overlay access a claiming, releasing or asserting contract makes.</summary>
    private static OverlayAccess AccessOf(ParameterContract kind) =>
        kind == ParameterContract.Claims ? OverlayAccess.Claim
        : kind == ParameterContract.Releases ? OverlayAccess.Release
        : OverlayAccess.AssumeRelease;

    /// <summary>True when some argument was obtained from a parameter, or from an object looked up from one.</summary>
    private bool LooksUpReceived(EvaluatedArgument[] evaluated)
    {
        foreach (var argument in evaluated)
        {
            for (var i = 0; i < argument.Values.Count; i++)
            {
                var root = argument.Values[i];
                foreach (var ancestor in Values.SelfAndAncestors(argument.Values[i]))
                {
                    root = ancestor;
                }

                if (Values[root].Kind == ValueKind.Parameter || _body.Received.Contains(root))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// What an instance method returns: a view of its receiver (its memory, as <c>AsListHead()</c> is), but
    /// one per call site, and new each time the site is evaluated again: <c>buf = pool.Rent()</c> in a loop
    /// is another object on every iteration, not the one returned in the previous one.
    /// </summary>
    private ValueSet CallResults(ValueSet receivers, IMethodSymbol method, IOperation call)
    {
        var result = default(ValueSet);
        var first = true;
        for (var i = 0; i < receivers.Count; i++)
        {
            var before = Values.Count;
            var id = Values.CallResult(receivers[i], method, call);
            if (id != ValueTable.UnknownId && Values.Count == before)
            {
                _state.Forget(Values, id);
            }

            result = first ? ValueSet.Of(id) : result.Union(ValueSet.Of(id));
            first = false;
        }

        return first ? ValueSet.Unknown : result;
    }

    /// <summary>Evaluates one argument as the callee's contract for it asks.</summary>
    private EvaluatedArgument EvaluateArgument(PassedValue argument)
    {
        var contract = Contracts.Of(argument.Parameter);
        if (contract != ParameterContract.None)
        {
            return EvaluateArgument(argument, contract);
        }

        // An inferred pass-through claim or release evaluates the argument as the attribute would: the member is not read.
        var inferred = InferredEffects(argument);
        var passThrough = ParameterContract.None;
        foreach (var effect in inferred)
        {
            if (effect.Member is null && (effect.Kind & OverlayContracts) != 0)
            {
                passThrough |= effect.Kind;
            }
        }

        return EvaluateArgument(argument, passThrough).WithContract(contract).WithInferred(inferred);
    }

    /// <summary>
    /// The effects the callee's body has on an unannotated parameter (Contract v2, point 2); explicit and
    /// inherited attributes win, so a parameter that has any is never inferred.
    /// </summary>
    private ImmutableArray<InferredEffect> InferredEffects(PassedValue argument)
    {
        if (_body.Summaries is not { } summaries
            || argument.Parameter is not { ContainingSymbol: IMethodSymbol callee } parameter
            || !summaries.CanSummarise(callee, (argument.Value.Parent as IArgumentOperation)?.Parent))
        {
            return ImmutableArray<InferredEffect>.Empty;
        }

        return SummaryOf(summaries, callee).Of(parameter.Ordinal);
    }

    /// <summary>The callee's summary; one a cap left incomplete is counted once (like a body given up on).</summary>
    private MethodSummary SummaryOf(MethodSummaries summaries, IMethodSymbol callee)
    {
        var summary = summaries.Of(callee, _body.SummaryDepth, _body.CancellationToken);
        if (summary.GaveUp is { } reason && _reporting && !_body.SummariesGaveUp.ContainsKey(callee.OriginalDefinition))
        {
            _body.SummariesGaveUp.Add(callee.OriginalDefinition, reason);
        }

        return summary;
    }

    private EvaluatedArgument EvaluateArgument(PassedValue argument, ParameterContract contract)
    {
        var passed = StripConversions(argument.Value);
        if (argument.Evaluated is null
            && (contract & (ParameterContract.Claims | ParameterContract.Releases | ParameterContract.AssumesReleased)) != 0
            && OverlayMember(passed) is { } overlay)
        {
            // The member itself is claimed or released, not read: only its object is evaluated.
            var owners = Visit(overlay.Instance);
            var values = Views(owners, overlay.Member, passed, isMmSource: false);
            return new EvaluatedArgument(contract, values, new OverlayArgument(passed, overlay.Member, overlay.Group, owners), refWrite: null);
        }

        if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out } && passed is not (ILocalReferenceOperation or IParameterReferenceOperation or IDeclarationExpressionOperation))
        {
            return new EvaluatedArgument(contract, ValueSet.Unknown, overlay: null, EvaluateWriteTarget(passed));
        }

        var held = argument.Evaluated ?? Visit(argument.Value);
        if ((contract & (ParameterContract.Claims | ParameterContract.Releases | ParameterContract.AssumesReleased)) != 0
            && OverlayMemberViewed(held) is { } viewed)
        {
            // A member held in a local, a ref local or chosen by ?: is still that member of its object.
            return new EvaluatedArgument(contract, held, new OverlayArgument(passed, viewed.Member, viewed.Group, viewed.Owners), refWrite: null);
        }

        return new EvaluatedArgument(contract, held, overlay: null, refWrite: null);
    }

    /// <summary>The overlay member every value of <paramref name="values"/> is a view through, and their objects; null when they are not all one such member.</summary>
    private (ISymbol Member, string Group, ValueSet Owners)? OverlayMemberViewed(ValueSet values)
    {
        ISymbol? member = null;
        string? group = null;
        var owners = default(ValueSet);
        for (var i = 0; i < values.Count; i++)
        {
            var value = Values[values[i]];
            if (value.Kind != ValueKind.View || value.Symbol is null || value.Parent == ValueTable.UnknownId
                || (member is not null && !SymbolEqualityComparer.Default.Equals(Contracts.OverlayMemberOf(member), Contracts.OverlayMemberOf(value.Symbol)))
                || Contracts.OverlayGroupOf(value.Symbol) is not { } valueGroup)
            {
                return null;
            }

            owners = member is null ? ValueSet.Of(value.Parent) : owners.Union(ValueSet.Of(value.Parent));
            member = value.Symbol;
            group = valueGroup;
        }

        return member is null ? null : (member, group!, owners);
    }

    /// <summary>A value passed to a parameter; <see cref="Evaluated"/> is set when it was evaluated already (an operator's left operand).</summary>
    private readonly struct PassedValue
    {
        public PassedValue(IOperation value, IParameterSymbol? parameter, ValueSet? evaluated = null)
        {
            Value = value;
            Parameter = parameter;
            Evaluated = evaluated;
        }

        public IOperation Value { get; }

        public IParameterSymbol? Parameter { get; }

        public ValueSet? Evaluated { get; }

        public static PassedValue[] Of(ImmutableArray<IArgumentOperation> arguments)
        {
            var passed = new PassedValue[arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                passed[i] = new PassedValue(arguments[i].Value, arguments[i].Parameter);
            }

            return passed;
        }
    }

    /// <summary>An argument after evaluation, before the callee's contract for it takes effect.</summary>
    private readonly struct EvaluatedArgument
    {
        public EvaluatedArgument(ParameterContract contract, ValueSet values, OverlayArgument? overlay, PendingWrite? refWrite, ImmutableArray<InferredEffect> inferred = default)
        {
            Contract = contract;
            Values = values;
            Overlay = overlay;
            RefWrite = refWrite;
            Inferred = inferred.IsDefault ? ImmutableArray<InferredEffect>.Empty : inferred;
        }

        public EvaluatedArgument WithInferred(ImmutableArray<InferredEffect> inferred) =>
            inferred.IsEmpty ? this : new(Contract, Values, Overlay, RefWrite, inferred);

        public EvaluatedArgument WithContract(ParameterContract contract) =>
            contract == Contract ? this : new(contract, Values, Overlay, RefWrite, Inferred);

        /// <summary>Effects inferred from the callee's body for an unannotated parameter.</summary>
        public ImmutableArray<InferredEffect> Inferred { get; }

        public ParameterContract Contract { get; }

        /// <summary>The values the argument may hold.</summary>
        public ValueSet Values { get; }

        /// <summary>Set when an <c>[Overlay]</c> member is claimed, released or asserted released.</summary>
        public OverlayArgument? Overlay { get; }

        /// <summary>Set for an element or member passed by <c>ref</c>/<c>out</c>: written at the call.</summary>
        public PendingWrite? RefWrite { get; }
    }

    /// <summary>An <c>[Overlay]</c> member passed to a claiming or releasing parameter, and its object's values.</summary>
    private sealed class OverlayArgument
    {
        public OverlayArgument(IOperation reference, ISymbol member, string group, ValueSet owners)
        {
            Reference = reference;
            Member = member;
            Group = group;
            Owners = owners;
        }

        public IOperation Reference { get; }

        public ISymbol Member { get; }

        public string Group { get; }

        public ValueSet Owners { get; }
    }
}
