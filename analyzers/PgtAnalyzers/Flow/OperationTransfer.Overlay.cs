using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Overlay (PGT002, PGT004 claims): which member of an [Overlay] group is live on which object.
internal sealed partial class OperationTransfer
{
    /// <param name="cap">For an access inferred from a callee's body: on all paths only if the callee has it on all of its paths.</param>
    /// <param name="text">For an access inferred from a callee's body on a member of the argument: the member as the message names it.</param>
    /// <param name="checkOnly">For a claim a callee releases again on every path: checked and recorded, not left live.</param>
    private void AccessOverlay(IOperation reference, OverlayAccess access, ISymbol member, string group, ValueSet owners, EarlierCall? claim = null, Certainty cap = Certainty.OnAllPaths, string? text = null, bool checkOnly = false)
    {
        // One member whatever the type arguments (GPage<int>.Lru here and GPage<T>.Lru in a generic helper's
        // summary) and whichever override or implementation names it.
        member = Contracts.OverlayMemberOf(member);
        if (access is not (OverlayAccess.Read or OverlayAccess.Write) && _body.RecordsEffects)
        {
            // In the order the body makes them, for its callers: a helper that releases and then relists a member
            // of its parameter leaves it live; one that asserts it released (AssumeOffList(page.Lru)) asserts it for them too.
            var kind = access == OverlayAccess.Claim ? PgtAnalyzers.Contracts.ParameterContract.Claims
                : access == OverlayAccess.Release ? PgtAnalyzers.Contracts.ParameterContract.Releases
                : PgtAnalyzers.Contracts.ParameterContract.AssumesReleased;
            RecordParameterEffect(kind, owners, throughViews: false, claim ?? new EarlierCall(reference.Syntax.ToString(), reference.Syntax.GetLocation(), reference.Syntax.ToString()), cap, member, group);
        }

        if (_reporting)
        {
            // The variable the object is used through: a membership that cannot be live while it holds the object does not count.
            var through = VariableRead(reference is IMemberReferenceOperation { Instance: { } instance } ? instance : reference);
            var live = new List<LiveMember>();
            for (var i = 0; i < owners.Count; i++)
            {
                foreach (var pair in _state.Live.OrderBy(p => p.Value.Claim.Location.SourceSpan.Start))
                {
                    if (pair.Key.Owner == owners[i] && pair.Key.Group == group && owners[i] != ValueTable.UnknownId
                        && (pair.Value.Guards.IsEmpty || (!BranchGuards.Contradict(pair.Value.Guards, _state.KnownConditions) && pair.Value.HoldsWhen(through, owners[i]))))
                    {
                        var certainty = owners.IsSingle && pair.Value.Certainty == Certainty.OnAllPaths ? cap : Certainty.OnSomePaths;
                        live.Add(new LiveMember(pair.Key.Member, pair.Value, certainty));
                    }
                }
            }

            _body.Events.Add(new OverlayAccessEvent(reference, access, member, group, live, _body.Method, Contracts, text));
        }

        if (access is OverlayAccess.Read or OverlayAccess.Write || checkOnly)
        {
            return;
        }

        for (var i = 0; i < owners.Count; i++)
        {
            var owner = owners[i];
            if (owner == ValueTable.UnknownId || owner == ValueTable.NullId)
            {
                continue;
            }

            var key = new OverlayKey(owner, group, member);
            if (access == OverlayAccess.Claim)
            {
                if (owners.IsSingle && cap == Certainty.OnAllPaths)
                {
                    // Claiming makes this member the group's only live one: the storage now holds it.
                    foreach (var stale in _state.Live.Keys.Where(k => k.Owner == owner && k.Group == group).ToList())
                    {
                        _state.RemoveLive(stale);
                    }

                    _state.SetLive(key, new LiveFact(Certainty.OnAllPaths, claim!, guards: _state.KnownConditions));
                }
                else
                {
                    _state.SetLive(key, new LiveFact(Certainty.OnSomePaths, claim!, guards: _state.KnownConditions));
                }
            }
            else if (owners.IsSingle && cap == Certainty.OnAllPaths)
            {
                _state.RemoveLive(key);
            }
            else if (_state.Live.TryGetValue(key, out var fact))
            {
                _state.SetLive(key, fact.Join(null));
            }
        }
    }

    /// <summary>
    /// An object received from outside the body (a parameter, or looked up from one) may carry the memberships
    /// its hierarchy leaves live across methods: live on some paths, blaming the method that left them so.
    /// </summary>
    internal static void SeedPersistentMembers(BodyWorkspace body, FlowState state, int owner, ITypeSymbol? type)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            // `void Defer(TFrag f) where TFrag : Frag`: the object is a Frag (or derived) without any cast.
            SeedThroughConstraints(body, state, owner, typeParameter);
            return;
        }

        if (body.SeedRequests is null || owner == ValueTable.UnknownId || !body.Contracts.HasOverlayMembers(type))
        {
            return;
        }

        var request = new BodyWorkspace.SeedRequest(body.Method?.ContainingType?.OriginalDefinition, type!.OriginalDefinition);
        body.SeedRequests.Add(request);
        if (body.Hierarchy is not { } hierarchy)
        {
            return;
        }

        var persistentMembers = hierarchy.Of(request, body.CancellationToken);
        if (persistentMembers.IsEmpty)
        {
            return;
        }

        var knownGroups = new HashSet<string>(state.Live.Keys.Where(k => k.Owner == owner).Select(k => k.Group), System.StringComparer.Ordinal);
        foreach (var persistent in persistentMembers)
        {
            if (!knownGroups.Contains(persistent.Group))
            {
                state.SetLive(new OverlayKey(owner, persistent.Group, persistent.Member), new LiveFact(Certainty.OnSomePaths, persistent.Blame, leftByAnotherMethod: true));
            }
        }
    }

    /// <summary>
    /// Seeds an object of a type parameter as an object of each constraint type with overlay members,
    /// following constraints that are themselves type parameters (<c>where U : T where T : Frag</c>). C#
    /// forbids constraint cycles; the depth bound only keeps erroneous code from looping.
    /// </summary>
    private static void SeedThroughConstraints(BodyWorkspace body, FlowState state, int owner, ITypeParameterSymbol typeParameter)
    {
        var pending = new Stack<(ITypeParameterSymbol Parameter, int Depth)>();
        pending.Push((typeParameter, 0));
        while (pending.Count > 0)
        {
            var (next, depth) = pending.Pop();
            foreach (var constraint in next.ConstraintTypes)
            {
                if (constraint is ITypeParameterSymbol inner)
                {
                    if (depth < 8)
                    {
                        pending.Push((inner, depth + 1));
                    }
                }
                else if (body.Contracts.HasOverlayMembers(constraint))
                {
                    SeedPersistentMembers(body, state, owner, constraint);
                }
            }
        }
    }

    private (IOperation Instance, ISymbol Member, string Group)? OverlayMember(IOperation operation)
    {
        var (instance, member) = operation switch
        {
            IPropertyReferenceOperation property => (property.Instance, (ISymbol)property.Property),
            IFieldReferenceOperation field => (field.Instance, field.Field),
            _ => (null, null),
        };
        if (instance is null || member is null || member.IsStatic)
        {
            return null;
        }

        var group = Contracts.OverlayGroupOf(member);
        return group is null ? null : (instance, member, group);
    }
}
