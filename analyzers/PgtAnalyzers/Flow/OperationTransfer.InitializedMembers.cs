using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Members fixed when an object is made. `new Holder(table)` of `record Holder(PteTable Table)` stores table
// in Table, and nothing can assign Table afterwards (init-only), so `holder.Table` reads table itself, not a
// view of holder. The same holds for a get-only or init-only auto-property a primary constructor initializes
// from one of its parameters, and for an init-only property set in an object or `with` initializer.
// A member that code could assign later (a settable property, a field) stays a view: no heap is modelled.
internal sealed partial class OperationTransfer
{
    // Whether this body bound any member fixed at initialization: reads skip the lookup until one is.
    private bool _fixesMembers;

    /// <summary>A constructor call: its arguments passed, then the members its primary constructor fixes bound.</summary>
    private ValueSet CreateObject(IObjectCreationOperation creation)
    {
        var evaluated = Pass(creation, creation.Constructor, PassedValue.Of(creation.Arguments));
        Visit(creation.Initializer);
        var created = Fresh(creation);
        if (!created.IsSingle || creation.Constructor is not { } constructor || !KeepsMembersFixed(constructor.ContainingType))
        {
            return created;
        }

        for (var i = 0; i < creation.Arguments.Length && i < evaluated.Length; i++)
        {
            if (creation.Arguments[i].Parameter is { } parameter && MemberFixedBy(constructor, parameter) is { } member)
            {
                _state.Bind(new InitializedMember(created[0], member), evaluated[i].Values);
            }
        }

        return created;
    }

    /// <summary>
    /// Whether the members a constructor fixes stay fixed: in a class, and in a <c>readonly</c> struct (a
    /// <c>readonly record struct</c>), whose copies carry the same members and whose methods cannot assign
    /// <c>this</c>. A mutable struct's method can replace the whole value under its members.
    /// </summary>
    private static bool KeepsMembersFixed(INamedTypeSymbol type) => type.IsReferenceType || (type.IsValueType && type.IsReadOnly);

    /// <summary>An init-only property assigned in an initializer: the object's member is what was assigned, for good.</summary>
    private void BindInitOnly(PendingWrite? written, ValueSet assigned)
    {
        if (written is { Member: IPropertySymbol { SetMethod.IsInitOnly: true, IsStatic: false } property, Owners.IsSingle: true } write
            && KeepsMembersFixed(property.ContainingType)
            && Contracts.OverlayGroupOf(property) is null)
        {
            _fixesMembers = true;
            _state.Bind(new InitializedMember(write.Owners[0], property), assigned);
        }
    }

    /// <summary>
    /// What a read of <paramref name="member"/> through <paramref name="owners"/> reads: for an owner whose
    /// member was fixed when it was made, the value stored there; otherwise the view of the owner.
    /// </summary>
    private ValueSet ReadThroughInitialized(ISymbol member, ValueSet owners, IOperation reference, bool isMmSource)
    {
        if (!_fixesMembers || owners.IsUnknownOnly)
        {
            return Views(owners, member, reference, isMmSource);
        }

        var result = default(ValueSet);
        for (var i = 0; i < owners.Count; i++)
        {
            var owner = ValueSet.Of(owners[i]);
            var key = new InitializedMember(owners[i], member);
            var read = Views(owner, member, reference, isMmSource);
            if (owners[i] != ValueTable.UnknownId && _state.IsBound(key))
            {
                // Unknown in the stored set is a path on which the member was not bound here: the view stands for it.
                var stored = _state.Lookup(key);
                if (!stored.Contains(ValueTable.UnknownId))
                {
                    read = stored;
                }
                else
                {
                    for (var j = 0; j < stored.Count; j++)
                    {
                        read = stored[j] == ValueTable.UnknownId ? read : read.Union(ValueSet.Of(stored[j]));
                    }
                }
            }

            result = i == 0 ? read : result.Union(read);
        }

        return result;
    }

    /// <summary>
    /// The property of <paramref name="constructor"/>'s type that its parameter <paramref name="parameter"/>
    /// fixes, when <paramref name="constructor"/> is a primary constructor in source: a record's positional
    /// property, or a get-only or init-only auto-property initialized with the parameter itself; null otherwise.
    /// </summary>
    private IPropertySymbol? MemberFixedBy(IMethodSymbol constructor, IParameterSymbol parameter)
    {
        if (constructor.DeclaringSyntaxReferences.Length != 1
            || constructor.DeclaringSyntaxReferences[0].GetSyntax(_body.CancellationToken) is not TypeDeclarationSyntax)
        {
            return null;
        }

        foreach (var candidate in constructor.ContainingType.GetMembers())
        {
            if (candidate is not IPropertySymbol { IsStatic: false, IsIndexer: false } property
                || (property.SetMethod is { IsInitOnly: false })
                || Contracts.OverlayGroupOf(property) is not null
                || property.DeclaringSyntaxReferences.Length != 1)
            {
                continue;
            }

            var declaration = property.DeclaringSyntaxReferences[0].GetSyntax(_body.CancellationToken);
            var fixedByParameter = declaration switch
            {
                // A record's positional property is declared by its parameter.
                ParameterSyntax positional => positional.Identifier.ValueText == parameter.Name && positional.Parent?.Parent is RecordDeclarationSyntax,
                PropertyDeclarationSyntax { Initializer.Value: IdentifierNameSyntax initial } declared =>
                    initial.Identifier.ValueText == parameter.Name && IsAutoProperty(declared),
                _ => false,
            };
            if (fixedByParameter)
            {
                _fixesMembers = true;
                return property;
            }
        }

        return null;
    }

    private static bool IsAutoProperty(PropertyDeclarationSyntax property)
    {
        if (property.AccessorList is null)
        {
            return false;
        }

        foreach (var accessor in property.AccessorList.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The binding key of a member fixed when the object <see cref="Owner"/> was made.</summary>
    private sealed class InitializedMember
    {
        public InitializedMember(int owner, ISymbol member)
        {
            Owner = owner;
            Member = member.OriginalDefinition;
        }

        public int Owner { get; }

        public ISymbol Member { get; }

        public override bool Equals(object? obj) =>
            obj is InitializedMember other && other.Owner == Owner && SymbolEqualityComparer.Default.Equals(other.Member, Member);

        public override int GetHashCode() => (Owner * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Member);
    }
}
