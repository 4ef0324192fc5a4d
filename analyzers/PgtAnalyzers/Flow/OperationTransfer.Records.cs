using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// `with` copies: `var r2 = r with { N = 2 }` is a new object whose other members are r's.
internal sealed partial class OperationTransfer
{
    // The record clone method the graph calls for `with` (the initializer's assignments follow as operations).
    private const string CloneMethodName = "<Clone>$";

    // Per `with` site (its value id, the same on every evaluation), the names of the members its initializer sets.
    private readonly Dictionary<int, HashSet<string>> _cloneSites = new();

    /// <summary>Whether <paramref name="invocation"/> is the clone a <c>with</c> expression makes.</summary>
    private static bool IsWithClone(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == CloneMethodName && invocation.Syntax is WithExpressionSyntax;

    /// <summary>The clone of a <c>with</c>: a new value; its members the initializer does not set are the source's.</summary>
    private ValueSet CloneWith(IInvocationOperation clone, ValueSet source)
    {
        var created = Fresh(clone);
        if (!created.IsSingle)
        {
            return created;
        }

        if (!_cloneSites.ContainsKey(created[0]))
        {
            var assigned = new HashSet<string>();
            foreach (var expression in ((WithExpressionSyntax)clone.Syntax).Initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name })
                {
                    assigned.Add(name.Identifier.ValueText);
                }
            }

            _cloneSites.Add(created[0], assigned);
        }

        _state.Bind(new CloneSource(created[0]), source);
        return created;
    }

    /// <summary>
    /// The values whose <paramref name="member"/> a read through <paramref name="owners"/> reads: a <c>with</c>
    /// copy's member that its initializer did not set is its source's.
    /// </summary>
    private ValueSet ThroughClones(ISymbol member, ValueSet owners, int depth = 0)
    {
        if (_cloneSites.Count == 0 || depth > 4)
        {
            return owners;
        }

        var result = default(ValueSet);
        for (var i = 0; i < owners.Count; i++)
        {
            var owner = owners[i];
            var read = _cloneSites.TryGetValue(owner, out var assigned) && !assigned.Contains(member.Name)
                && _state.IsBound(new CloneSource(owner))
                ? ThroughClones(member, _state.Lookup(new CloneSource(owner)), depth + 1) // A copy of a copy.
                : ValueSet.Of(owner);
            result = i == 0 ? read : result.Union(read);
        }

        return result;
    }

    /// <summary>The binding key of the object a <c>with</c> copy was made from.</summary>
    private sealed class CloneSource
    {
        public CloneSource(int clone)
        {
            Clone = clone;
        }

        public int Clone { get; }

        public override bool Equals(object? obj) => obj is CloneSource other && other.Clone == Clone;

        public override int GetHashCode() => Clone;
    }
}
