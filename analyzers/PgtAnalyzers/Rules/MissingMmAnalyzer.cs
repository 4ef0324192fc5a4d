using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.Rules;

/// <summary>
/// PGT003/PGT103: a <c>[RequiresMm]</c> parameter gets a live mm the caller was given (its own
/// <c>[RequiresMm]</c> parameter or an <c>[MmSource]</c>), never null, and no mm at all where there is none
/// (an RCU callback has "no mm any more").
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingMmAnalyzer : FlowRuleAnalyzer
{
    internal override DiagnosticDescriptor OnAllPaths => Descriptors.MissingMm;

    internal override DiagnosticDescriptor OnSomePaths => Descriptors.MissingMmOnSomePaths;

    internal override bool NeedsNoMmContext => true;

    internal override bool IsRelevant(PreFilterScan scan) => scan.Touches(ParameterContract.RequiresMm);

    internal override void OnMmArgument(MmArgumentEvent argument, FindingSink sink)
    {
        var at = argument.Argument;
        // An mm parameter known only by inference: the callee's own body is where an unannotated mm is reported,
        // so its callers hear only of null (and of having no mm at all).
        var bad = argument.NoMm is null ? argument.Values.Where(value => argument.Via is null ? !IsLegal(value) : value.Kind == ValueKind.Null).ToList() : null;
        if (bad is { Count: 0 })
        {
            // The common case, every mm argument of a correct body: nothing to build.
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyNames.MmType, argument.Parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))
            .Add(DiagnosticPropertyNames.MmParameter, argument.Parameter.Name);
        var callee = EarlierCall.DisplayName(argument.Callee);
        if (argument.NoMm is { } noMm)
        {
            properties = properties.Add(DiagnosticPropertyNames.Reason, DiagnosticPropertyValues.ReasonNoMmContext);
            sink.Report(Certainty.OnAllPaths, at, noMm.Origin, properties, at.Syntax.ToString(), callee, noMm.Explanation);
            return;
        }

        var certainty = bad!.Count == argument.Values.Count && argument.Via?.Through?.Certainty is null or Certainty.OnAllPaths ? Certainty.OnAllPaths : Certainty.OnSomePaths;
        var blamed = bad.FirstOrDefault(value => value.Kind == ValueKind.Null) ?? bad[0];
        string reason;
        EarlierCall origin;
        if (blamed.Kind == ValueKind.Null)
        {
            properties = properties.Add(DiagnosticPropertyNames.Reason, DiagnosticPropertyValues.ReasonNull);
            origin = new EarlierCall(at.Syntax.ToString(), at.Syntax.GetLocation(), at.Syntax.ToString());
            reason = "it is null";
        }
        else if (blamed is { Kind: ValueKind.Parameter, Symbol: IParameterSymbol parameter })
        {
            properties = properties
                .Add(DiagnosticPropertyNames.Reason, DiagnosticPropertyValues.ReasonNotFromSource)
                .Add(DiagnosticPropertyNames.CallerParameter, parameter.Name);
            var location = parameter.Locations.FirstOrDefault() ?? at.Syntax.GetLocation();
            origin = new EarlierCall(parameter.Name, location, parameter.Name);
            reason = $"it comes from parameter '{parameter.Name}' on line {origin.Line}, which is not marked [RequiresMm]";
        }
        else
        {
            properties = properties.Add(DiagnosticPropertyNames.Reason, DiagnosticPropertyValues.ReasonNotFromSource);
            var source = blamed.Origin?.Syntax ?? at.Syntax;
            origin = new EarlierCall(source.ToString(), source.GetLocation(), source.ToString());
            reason = $"it comes from '{source}' on line {origin.Line}, which is neither a [RequiresMm] parameter nor an [MmSource]";
        }

        if (argument.Via is { } via)
        {
            reason += $" ({via.LineText.Substring(via.LineText.IndexOf('(') + 1)}";
        }

        sink.Report(certainty, at, origin, properties, at.Syntax.ToString(), callee, reason);
    }

    /// <summary>
    /// Legal: a <c>[RequiresMm]</c> parameter, an <c>[MmSource]</c>, <c>this</c> inside the mm's own type (a
    /// method of the mm was called on a live mm), and values the analysis does not track (optimism).
    /// </summary>
    private static bool IsLegal(TrackedValue value) => value.Kind switch
    {
        ValueKind.Unknown or ValueKind.Captured => true,
        ValueKind.Null => false,
        ValueKind.This => true,
        _ => value.IsMmSource,
    };
}
