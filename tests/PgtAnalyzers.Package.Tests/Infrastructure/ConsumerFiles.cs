namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>The files of the throw-away consumer project: a user's own annotated code, not the repository's stand-ins.</summary>
internal static class ConsumerFiles
{
    public static string NuGetConfig(string feedDirectory) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <!-- No <clear />: the machine's own feeds stay available next to the local one. -->
            <add key="pgt-local-feed" value="{feedDirectory}" />
          </packageSources>
        </configuration>

        """;

    public static string Project(string packagesFolder, string packageId, string packageVersion) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <RestorePackagesPath>{packagesFolder}</RestorePackagesPath>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="{packageId}" Version="{packageVersion}" PrivateAssets="all" />
          </ItemGroup>
        </Project>

        """;

    /// <summary>The consumer's own kernel API, annotated with the attributes from the package's lib folder.</summary>
    public const string Kernel = """
        using PgtAnalyzers.Annotations;

        namespace Consumer;

        public sealed class Mm
        {
        }

        public sealed class PteTable
        {
            private readonly ulong[] _entries = new ulong[256];

            public ulong this[int index]
            {
                get => _entries[index];
                set => _entries[index] = value;
            }
        }

        public static class PageTables
        {
            public const ulong PteNone = 0x400;

            public static void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable table)
            {
            }
        }

        """;

    /// <summary>The write lands in the table after it was handed to RCU: PGT001 on every path.</summary>
    public const string BuggyRetract = """
        using PgtAnalyzers.Annotations;

        namespace Consumer;

        public static class Retract
        {
            public static void CollapsePteTable([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PageTables.PteNone;
                PageTables.PteFreeDefer(mm, table);
                table[1] = PageTables.PteNone;
            }
        }

        """;

    /// <summary>Both writes before the hand-off.</summary>
    public const string CorrectRetract = """
        using PgtAnalyzers.Annotations;

        namespace Consumer;

        public static class Retract
        {
            public static void CollapsePteTable([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PageTables.PteNone;
                table[1] = PageTables.PteNone;
                PageTables.PteFreeDefer(mm, table);
            }
        }

        """;

    /// <summary>The hand-off happens on one branch only: PGT101, a warning by default.</summary>
    public const string BuggyOnSomePathsRetract = """
        using PgtAnalyzers.Annotations;

        namespace Consumer;

        public static class Retract
        {
            public static void CollapsePteTable([RequiresMm] Mm mm, PteTable table, bool lastUser)
            {
                if (lastUser)
                {
                    PageTables.PteFreeDefer(mm, table);
                }

                table[1] = PageTables.PteNone;
            }
        }

        """;
}
