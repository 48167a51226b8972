#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The console views of module/VectorReindex.format.ps1xml, rendered in real pwsh at a fixed width
# and compared with reviewed snapshots in tests/Pester/snapshots/<Type>.<table|list>.txt.
# After a deliberate change of a view: set VECTORREINDEX_UPDATE_SNAPSHOTS=1, run this file, read
# every changed snapshot (git diff), and commit the ones that read well.

BeforeDiscovery {
    $script:samples = @(
        'ClusterConnection', 'VectorEmbedder', 'EmbedderDescriptor', 'EmbedderTestResult', 'VectorIndex', 'VectorMigration',
        'BackfillState', 'DeltaState', 'ParityResult', 'MetadataUpdateSummary', 'DualWriteSummary', 'AliasSwitchRecord', 'RollingReindexReport', 'AliasGeneration'
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    . (Join-Path $PSScriptRoot 'FormatSamples.ps1')
    $script:node = Start-LocalNode
    $script:snapshots = Join-Path $PSScriptRoot 'snapshots'
    $script:objects = New-FormatSample -Uri $script:node.Uri

    function Render($InputObject, [string] $View) {
        # -AutoSize: without it, column widths come from the rows that arrive within a time window,
        # so a table of several rows would render differently from run to run.
        $text = if ($View -eq 'table') { $InputObject | Format-Table -AutoSize | Out-String -Width 120 } else { $InputObject | Format-List | Out-String -Width 120 }
        # Only what differs between runs is replaced: the node's port, the cluster's uuid, and the
        # migration record's id and creation and update times (set by the engine, read-only here).
        $migration = $script:objects.VectorMigration
        $text = $text -replace '127\.0\.0\.1:\d+', '127.0.0.1:PORT' -replace [regex]::Escape($script:objects.ClusterConnection.ClusterUuid), 'CLUSTER-UUID' -replace $migration.Id, 'MIGRATION-ID'
        foreach ($at in $migration.CreatedAt, $migration.UpdatedAt) { $text = $text -replace [regex]::Escape([VectorReindex.Core.DisplayText]::Time($at)), 'YYYY-MM-DD HH:MM:SSZ' }
        (($text -split "`r?`n" | ForEach-Object TrimEnd) -join "`n").Trim("`n") + "`n"
    }
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Format views' {
    It '<_> renders as a table and a list like its snapshots' -ForEach $script:samples {
        $object = $script:objects[$_]
        $object | Should -Not -BeNullOrEmpty
        foreach ($view in 'table', 'list') {
            $rendered = Render $object $view
            $file = Join-Path $script:snapshots "$_.$view.txt"
            if ($env:VECTORREINDEX_UPDATE_SNAPSHOTS -eq '1') { [System.IO.File]::WriteAllText($file, $rendered) }
            $rendered | Should -BeExactly ([System.IO.File]::ReadAllText($file)) -Because "$_ $view view (snapshots/$_.$view.txt)"
        }
    }

    It 'every output type of every exported cmdlet has a sample here' {
        $types = Get-Command -Module VectorReindex | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_ -ne [void] } |
            ForEach-Object Name | Sort-Object -Unique
        $types | Where-Object { $_ -notin $script:objects.Keys } | Should -BeNullOrEmpty
    }

    It 'every sampled type has both a table and a list view in the format file' {
        $views = Get-FormatData -TypeName ($script:objects.Values | ForEach-Object { @($_)[0].GetType().FullName }) |
            ForEach-Object { foreach ($v in $_.FormatViewDefinition) { '{0}/{1}' -f $_.TypeNames[0].Split('.')[-1], $v.Control.GetType().Name } }
        foreach ($name in $script:objects.Keys) {
            $views | Should -Contain "$name/TableControl"
            $views | Should -Contain "$name/ListControl"
        }
    }
}
