using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PgtAnalyzers.Tests.Infrastructure;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// The annotated code the half-typed sweep types out, found at test time so new files are covered without
/// touching the test: the analyzers' valid-code corpus and robustness corpus, the s390 port
/// (<c>src/Pgt.S390</c>) and the samples (<c>samples/</c>), each compiled the way it is built. The
/// robustness corpus's generated stress inputs (<see cref="GeneratedStressCases"/>) are left to the torture
/// tests: typing out 2,500 branches costs minutes, and a mutant of 40 nested lambdas (an opening brace
/// deleted) sends Roslyn 4.8's own binder into exponential error recovery that ignores cancellation (no
/// answer from <c>SemanticModel.GetDiagnostics</c> alone in 10 minutes).
/// </summary>
internal static class SweepCorpus
{
    public const string ValidCodeFolder = "tests/PgtAnalyzers.Tests/ValidCode";
    public const string PortFolder = "src/Pgt.S390";
    public const string SamplesFolder = "samples";
    public const string RobustnessCorpusGroup = "RobustnessCorpus";
    public static readonly IReadOnlyList<string> GeneratedStressCases = new[] { "HugeMethodOverBudget", "DeeplyNestedLambdas" };

    public static async Task<IReadOnlyList<SourceSet>> LoadAsync()
    {
        var sets = new List<SourceSet>();
        var validCode = RepositoryFiles.CSharpFiles(ValidCodeFolder);
        if (validCode.Count > 0)
        {
            sets.Add(await StandInSetAsync(ValidCodeFolder, ValidCodeFolder, validCode.Select(path => (RepositoryFiles.Relative(path), File.ReadAllText(path)))));
        }

        foreach (var (name, code) in RobustnessCorpus.Cases().Where(c => !GeneratedStressCases.Contains(c.Name)))
        {
            var path = RobustnessCorpusGroup + "/" + name;
            sets.Add(await StandInSetAsync(path, RobustnessCorpusGroup, new[] { (path + ".cs", code) }));
        }

        var port = RepositoryFiles.CSharpFiles(PortFolder);
        CSharpCompilation? portCompilation = null;
        if (port.Count > 0)
        {
            portCompilation = ProjectCompilation("Pgt.S390", port, ProjectReferences.Runtime.Add(ProjectReferences.Emulator).Add(ProjectReferences.Annotations));
            sets.Add(new SourceSet(PortFolder, portCompilation, OwnTrees(portCompilation), PortFolder));
        }

        var samples = RepositoryFiles.CSharpFiles(SamplesFolder);
        if (samples.Count > 0)
        {
            // As pgt check does: the samples see the port as compiled source, the emulator and the annotations.
            var references = ProjectReferences.Runtime.Add(ProjectReferences.Emulator).Add(ProjectReferences.Annotations);
            if (portCompilation is not null)
            {
                references = references.Add(portCompilation.ToMetadataReference());
            }

            var compilation = ProjectCompilation("Samples", samples, references);
            sets.Add(new SourceSet(SamplesFolder, compilation, OwnTrees(compilation), SamplesFolder));
        }

        return sets;
    }

    /// <summary>Files of a project of this repository: net10.0, implicit usings, nullable, the SDK's defines.</summary>
    public static CSharpCompilation ProjectCompilation(string assemblyName, IEnumerable<string> paths, IEnumerable<MetadataReference> references)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: TargetFrameworks.Net10Symbols);
        var trees = paths
            .Select(path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path), Encoding.UTF8), options, RepositoryFiles.Relative(path)))
            .Append(CSharpSyntaxTree.ParseText(TargetFrameworks.ImplicitUsings, options, ImplicitUsingsPath));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    private const string ImplicitUsingsPath = "<implicit usings>";

    private static async Task<SourceSet> StandInSetAsync(string name, string group, IEnumerable<(string Path, string Code)> files)
    {
        var list = files.ToList();
        var compilation = await TestCompilation.CreateAsync(list.Select(f => f.Code).Prepend(StandInPrelude.Source));

        // TestCompilation names trees by position; give the swept ones their real paths for failure messages.
        var trees = compilation.SyntaxTrees.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var renamed = trees[i + 1].WithFilePath(list[i].Path);
            compilation = compilation.ReplaceSyntaxTree(trees[i + 1], renamed);
            trees[i + 1] = renamed;
        }

        return new SourceSet(name, compilation, trees.Skip(1).ToArray(), group);
    }

    private static IReadOnlyList<SyntaxTree> OwnTrees(CSharpCompilation compilation) =>
        compilation.SyntaxTrees.Where(tree => tree.FilePath != ImplicitUsingsPath).ToArray();
}
