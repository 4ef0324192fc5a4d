using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// A method passed as a method group to a <c>[NoMm]</c> parameter (<c>CallRcu(head, PteFreeNow)</c>) runs
/// where there is no mm, even if it is not marked <c>[NoMm]</c> itself; so does a method the argument only may
/// pass (<c>CallRcu(head, fast ? FreeFast : FreeSlow)</c>, <c>custom ?? Default</c>: <see cref="ChosenCallbacks"/>).
/// Found by looking for such method groups in the method's own document only: the analysis stays per
/// document, as an editor asks for it.
/// The candidates come from <see cref="MethodGroupArguments"/>: the occurrences of its name in that document.
/// </summary>
internal static class MethodGroupPassedToNoMm
{
    public static NoMmContext? Find(
        IMethodSymbol? method, SemanticModel model, ContractIndex contracts, MethodGroupArguments methodGroups, CancellationToken cancellationToken)
    {
        if (method is null || method.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        // Only arguments spelling the method's name are bound.
        foreach (var argument in methodGroups.Named(model.SyntaxTree, method.Name, cancellationToken))
        {
            if (model.GetOperation(argument, cancellationToken) is not IArgumentOperation { Parameter: { } parameter } bound
                || (contracts.Of(parameter) & ParameterContract.NoMm) == 0
                || !Chooses(bound.Value, method)
                || bound.Parent is not IOperation call)
            {
                continue;
            }

            var callee = call switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            var origin = EarlierCall.ForCall(call, callee);
            return new NoMmContext(
                origin,
                $"'{method.Name}' is passed to [NoMm] parameter '{parameter.Name}' of '{origin.Name}' on line {origin.Line}: there is no mm there");
        }

        return null;
    }

    /// <summary>Whether <paramref name="method"/> is one of the methods the argument may pass (<see cref="ChosenCallbacks"/>).</summary>
    private static bool Chooses(IOperation value, IMethodSymbol method)
    {
        foreach (var target in ChosenCallbacks.Of(value))
        {
            if (target is IMethodReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, method.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
