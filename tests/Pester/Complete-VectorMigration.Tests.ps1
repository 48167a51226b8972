#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Complete-VectorMigration in real pwsh: a migration from an 8.19 node to a 9.x node, cut over,
# then completed: the old index loses its marker and refuses later writes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:oldNode = Start-LocalNode -EsVersion 8.19.0 -ClusterName blue
    $script:newNode = Start-LocalNode -ClusterName green
    $script:new = Connect-VectorCluster -Uri $script:newNode.Uri
    $script:old = Connect-VectorCluster -Uri $script:oldNode.Uri
    New-TestVectorIndex -Uri $script:oldNode.Uri -Alias done
}

AfterAll {
    Stop-LocalNode $script:oldNode
    Stop-LocalNode $script:newNode
}

Describe 'Complete-VectorMigration' {
    BeforeAll {
        $script:migration = New-ShadowIndex -Alias done -SourceCluster $script:old -TargetCluster $script:new
    }

    It 'refuses a migration that is not cut over' {
        $err = { $script:migration | Complete-VectorMigration -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'MigrationNotCutOver,VectorReindex.PowerShell.Commands.CompleteVectorMigrationCommand'
    }

    It 'changes nothing with -WhatIf, then completes a cut-over migration' {
        $cut = $script:migration | Start-Backfill | Sync-Delta | Switch-IndexAlias
        $cut.Phase | Should -Be 'CutOver'
        $cut.ServingCluster.Uris | Should -Be @($script:newNode.Uri)
        Complete-VectorMigration -Alias done -Cluster $script:new -WhatIf | Should -BeNullOrEmpty
        (Get-VectorMigration -Alias done -Cluster $script:new).Phase | Should -Be 'CutOver'

        # What -WhatIf prints is Core's sentence (CompletionPlan, MigrationSwitchPlan), seen in a fresh pwsh's host output.
        $run = Invoke-FreshPwsh -Environment @{ MANIFEST = (Get-PackagedManifest); OLD = $script:oldNode.Uri; NEW = $script:newNode.Uri } -Command @'
Import-Module $env:MANIFEST
$new = Connect-VectorCluster -Uri $env:NEW
$old = Connect-VectorCluster -Uri $env:OLD
$m = Get-VectorMigration -Alias done -Cluster $new
$m | Switch-IndexAlias -RollBack -WhatIf
Complete-VectorMigration -Alias done -Cluster $new -WhatIf
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`r?`n"
        $lines | Should -Contain 'What if: Rolling back migration done: cluster blue (done-v1) serves again, and applications switch back to it. Alias done on cluster green keeps reading done-v2 but takes no writes; dual-write keeps done-v2 current for another cutover.'
        $lines | Should -Contain 'What if: Completing migration done: done-v1 -> done-v2: writers stop keeping done-v1 on cluster blue current, it gets index.blocks.write (later writes to it fail) and its _meta.vectorreindex_target marker is removed. No rollback to done-v1 afterwards.'
        $after = Get-VectorMigration -Alias done -Cluster $script:new
        $after.Phase | Should -Be 'CutOver'
        $after.ServingCluster.Uris | Should -Be @($script:newNode.Uri)

        # By alias on the target cluster: the old index on the source cluster is still the one write-blocked.
        $done = Complete-VectorMigration -Alias done -Cluster $script:new -Confirm:$false
        $done.Phase | Should -Be 'Completed'
        $done.CompletedAt | Should -Not -BeNullOrEmpty
        $meta = (Invoke-RestMethod "$($script:oldNode.Uri)done-v1/_mapping").'done-v1'.mappings._meta
        $meta.PSObject.Properties.Name | Should -Not -Contain 'vectorreindex_target'
    }

    It 'refuses -Alias <Alias> with <Id>' -ForEach @(
        @{ Alias = 'nothing-here'; Id = 'NoMigrationForAlias' }
    ) {
        $err = { Complete-VectorMigration -Alias $Alias -Cluster $script:new -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly "$Id,VectorReindex.PowerShell.Commands.CompleteVectorMigrationCommand"
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'leaves the old index refusing writes' {
        $result = [pscustomobject]@{ Id = 'doc-1'; Vector = [float[]](1, 0, 0, 0, 0, 0, 0, 0) } | Write-VectorDocument -Index done -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'WriteFailed,VectorReindex.PowerShell.Commands.WriteVectorDocumentCommand'
        $failures[0].Exception.Message | Should -Match 'cluster_block_exception'
        $result.Written | Should -Be 0
    }
}
