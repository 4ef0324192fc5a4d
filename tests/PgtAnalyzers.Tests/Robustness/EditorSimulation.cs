using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// What an editor shows the analyzers while someone types: a file typed out token by token (each prefix
/// parsed incrementally from the one before, as an editor reparses), or a file with a few tokens deleted or
/// duplicated; after each step the analyzers are asked, through the compiler's driver, for the diagnostics
/// of the member being edited only (its span), as an IDE asks per document and span. Every analyzer
/// exception (AD0001), driver exception or step that outlives the timeout becomes a failure line.
/// </summary>
internal sealed class EditorSimulation
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly TimeSpan _stepTimeout;
    private readonly ConcurrentQueue<string> _failures;

    public EditorSimulation(ImmutableArray<DiagnosticAnalyzer> analyzers, TimeSpan stepTimeout, ConcurrentQueue<string> failures)
    {
        _analyzers = analyzers;
        _stepTimeout = stepTimeout;
        _failures = failures;
    }

    /// <summary>What this worker is doing, for the watchdog.</summary>
    public CaseClock Clock { get; } = new();

    /// <summary>Analyses run so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The end of every token of <paramref name="file"/>: where a prefix can be cut.</summary>
    public static IReadOnlyList<int> TokenBoundaries(SyntaxTree file) =>
        file.GetRoot().DescendantTokens().Where(token => token.Span.Length > 0).Select(token => token.Span.End).Distinct().ToArray();

    /// <summary>Analyses the prefix of <paramref name="file"/> that ends at each boundary <paramref name="isSelected"/> picks (by index).</summary>
    public async Task TypeOutAsync(SourceSet set, SyntaxTree file, Func<int, bool> isSelected)
    {
        var full = await file.GetTextAsync();
        var boundaries = TokenBoundaries(file);
        var text = SourceText.From(string.Empty, full.Encoding);
        var tree = file.WithChangedText(text);
        for (var i = 0; i < boundaries.Count; i++)
        {
            if (!isSelected(i))
            {
                continue;
            }

            // Append what was typed since the last analysed prefix; the tree is reparsed incrementally.
            var typed = full.ToString(TextSpan.FromBounds(text.Length, boundaries[i]));
            text = text.WithChanges(new TextChange(new TextSpan(text.Length, 0), typed));
            tree = tree.WithChangedText(text);
            var where = full.Lines.GetLinePosition(boundaries[i]);
            var span = TextSpan.FromBounds(EditedMember(tree, boundaries[i] - 1).Start, text.Length);
            await AnalyzeAsync(set, file, tree, span, $"{file.FilePath} typed up to {where.Line + 1}:{where.Character + 1} (token {i})");
        }
    }

    /// <summary>
    /// Analyses <paramref name="mutants"/> copies of <paramref name="file"/>, each with one to three tokens
    /// deleted or duplicated at random (seeded: the same seed gives the same mutants).
    /// </summary>
    public async Task MutateAsync(SourceSet set, SyntaxTree file, int seed, int mutants)
    {
        foreach (var mutant in Mutants(file, seed, mutants))
        {
            var tree = file.WithChangedText(mutant.Text);
            var member = EditedMember(tree, Math.Min(mutant.FirstEdit, mutant.Text.Length - 1));
            await AnalyzeAsync(set, file, tree, member, $"{file.FilePath} {mutant.Description}");
        }
    }

    /// <summary>The mutants of <paramref name="file"/> for <paramref name="seed"/>, to analyse or to reproduce one.</summary>
    public static IEnumerable<Mutant> Mutants(SyntaxTree file, int seed, int count)
    {
        var full = file.GetText();
        var tokens = file.GetRoot().DescendantTokens().Where(token => token.Span.Length > 0).ToArray();
        if (tokens.Length == 0)
        {
            yield break;
        }

        var random = new Random(seed);
        for (var m = 0; m < count; m++)
        {
            var picked = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(tokens.Length)).Distinct().OrderBy(i => i).ToArray();
            var changes = new List<TextChange>();
            var edits = new List<string>();
            foreach (var index in picked)
            {
                var token = tokens[index];
                var delete = random.Next(2) == 0;
                changes.Add(delete ? new TextChange(token.Span, string.Empty) : new TextChange(new TextSpan(token.Span.End, 0), " " + token.Text));
                var where = full.Lines.GetLinePosition(token.SpanStart);
                edits.Add($"{(delete ? "deleted" : "duplicated")} '{token.Text}' at {where.Line + 1}:{where.Character + 1}");
            }

            yield return new Mutant(full.WithChanges(changes), changes[0].Span.Start, $"mutant {m} of seed {seed}: {string.Join(", ", edits)}");
        }
    }

    /// <summary>The member (method, property, field...) containing <paramref name="position"/>, or the token there when it is in no member.</summary>
    private static TextSpan EditedMember(SyntaxTree tree, int position)
    {
        var token = tree.GetRoot().FindToken(Math.Max(0, position));
        var member = token.Parent?.AncestorsAndSelf()
            .OfType<MemberDeclarationSyntax>()
            .FirstOrDefault(node => node is not (BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax));
        return member?.Span ?? token.Span;
    }

    private async Task AnalyzeAsync(SourceSet set, SyntaxTree original, SyntaxTree edited, TextSpan span, string description)
    {
        Steps++;
        var compilation = set.Compilation.ReplaceSyntaxTree(original, edited);
        Clock.Start(new CaseClock.Step(description, compilation, edited, span));
        var thrown = new ConcurrentQueue<string>();
        using var timeout = new CancellationTokenSource(_stepTimeout);
        try
        {
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => thrown.Enqueue($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var diagnostics = await compilation.WithAnalyzers(_analyzers, options)
                .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(edited), span, timeout.Token);
            foreach (var crash in diagnostics.Where(d => d.Id == "AD0001"))
            {
                thrown.Enqueue(crash.GetMessage());
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            thrown.Enqueue($"no answer within {_stepTimeout.TotalSeconds:0} s (a hang?)");
        }
        catch (Exception exception)
        {
            thrown.Enqueue($"the driver threw {exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            Clock.Stop();
        }

        foreach (var failure in thrown.Distinct())
        {
            _failures.Enqueue($"{set.Name}: {description}: {failure}");
        }
    }
}
