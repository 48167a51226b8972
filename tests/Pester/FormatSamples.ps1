# Dot-sourced by Format.Tests.ps1: one real object of each output type, made by the cmdlets
# against a live node, with the fields that change from run to run (clocks, rates) pinned where
# they can be set; Format.Tests.ps1 masks the record's own id and times.

function New-FormatSample {
    param([Parameter(Mandatory)] [string] $Uri)
    $at = [DateTimeOffset]::new(2026, 12, 1, 9, 30, 0, [TimeSpan]::Zero)
    $samples = @{}
    $samples.ClusterConnection = Connect-VectorCluster -Uri $Uri

    $old = New-VectorEmbedder -Hashing -Dimensions 8
    $new = New-VectorEmbedder -Hashing -Dimensions 16 -Seed 7
    $samples.VectorEmbedder = @(
        $new
        New-VectorEmbedder -OpenAI -Endpoint 'http://localhost:11434/v1' -Model 'nomic-embed-text' -Dimensions 768
        New-VectorEmbedder -ScriptBlock { param([string[]] $Texts) } -Model 'my-model+v2' -Dimensions 384
        New-VectorEmbedder -Copy
    )
    $samples.EmbedderDescriptor = $samples.VectorEmbedder | ForEach-Object Descriptor
    $samples.EmbedderTestResult = 'red running shoe', 'waterproof hiking boot with a grippy sole for wet rock' | Test-VectorEmbedder $new

    $samples.VectorIndex = New-VectorIndex -Alias products -Embedder $old -Mapping @{ properties = @{ price = @{ type = 'double' } } }
    $docs = 0..29 | ForEach-Object { [pscustomobject]@{ Id = "p$_"; Text = "product number $_"; Metadata = @{ price = $_ } } }
    $before = $docs | Write-VectorDocument -Index products

    $migration = New-ShadowIndex -Alias products -Embedder $new -TextField text
    $samples.DualWriteSummary = @($before; $docs[0..4] | Write-VectorDocument -Index products) # the second writes both indexes
    $samples.MetadataUpdateSummary = Set-IndexMetadata -Index products -Id p1, p2, nope -Set @{ price = 9.5 } -ErrorAction SilentlyContinue
    $migration = $migration | Start-Backfill | Sync-Delta | Test-IndexParity
    $migration.Backfill.StartedAt = $at.AddSeconds(5)
    $migration.Backfill.CompletedAt = $at.AddSeconds(65)
    $migration.Backfill.DocsPerSecond = 1234.5
    $migration.Delta.LastPassAt = $at.AddMinutes(2)
    $migration.Parity.At = $at.AddMinutes(3)
    $migration.Parity.KnnOverlap = 0.9731 # the local node's kNN over so few documents varies from run to run
    $samples.VectorMigration = $migration
    $samples.BackfillState = $migration.Backfill
    $samples.DeltaState = $migration.Delta
    $samples.ParityResult = $migration.Parity

    $switched = Switch-IndexAlias -Alias products -To products-v2 -Force
    $samples.AliasSwitchRecord = [VectorReindex.Core.Migrations.AliasSwitchRecord]::new($switched.Alias, $switched.From, $switched.To, $at.AddMinutes(5))

    $report = Invoke-RollingReindex -Alias products -Embedder $old -TextField text
    $report.BackfillDocsPerSecond = 2345.6
    $report.CutoverAt = $at.AddMinutes(9)
    foreach ($phase in @($report.PhaseSeconds.Keys)) { $report.PhaseSeconds[$phase] = 1.5 }
    $report.Parity.At = $at.AddMinutes(8)
    $report.Parity.KnnOverlap = 0.9731
    $report.Migration = $null
    $samples.RollingReindexReport = $report

    $generations = Get-VectorMigration -Alias products -Lineage
    $pinned = for ($n = 0; $n -lt $generations.Count; $n++) {
        [VectorReindex.Core.Migrations.AliasGeneration]::new($generations[$n].Index, $generations[$n].Entry, $(if ($generations[$n].Since) { $at.AddMinutes(5 * $n) } else { $null }))
    }
    $samples.AliasGeneration = [VectorReindex.Core.Migrations.AliasLineage]::new('products', [VectorReindex.Core.Migrations.AliasGeneration[]] @($pinned)).Generations
    $samples
}
