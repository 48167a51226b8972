#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Complete-VectorMigration in real pwsh: a migration from an 8.19 node to a 9.x node, cut over,
# then completed: the old index loses its marker and refuses later writes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:oldNode = Start-LocalNode -EsVersion 8.19.0
    $script:newNode = Start-LocalNode
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

        $done = $cut | Complete-VectorMigration -Confirm:$false
        $done.Phase | Should -Be 'Completed'
        $done.CompletedAt | Should -Not -BeNullOrEmpty
        $meta = (Invoke-RestMethod "$($script:oldNode.Uri)done-v1/_mapping").'done-v1'.mappings._meta
        $meta.PSObject.Properties.Name | Should -Not -Contain 'vectorreindex_target'
    }

    It 'leaves the old index refusing writes' {
        $result = [pscustomobject]@{ Id = 'doc-1'; Vector = [float[]](1, 0, 0, 0, 0, 0, 0, 0) } | Write-VectorDocument -Index done -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'WriteFailed,VectorReindex.PowerShell.Commands.WriteVectorDocumentCommand'
        $failures[0].Exception.Message | Should -Match 'cluster_block_exception'
        $result.Written | Should -Be 0
    }
}
