#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/MigrationUnderLoadTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Sync-Delta' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias sd -Count 100 }

    It 'copies what changed in the source after the backfill and deletes what vanished' {
        $m = New-ShadowIndex -Alias sd | Start-Backfill
        Invoke-RestMethod -Method Delete -Uri "$($script:node.Uri)sd-v1/_doc/doc-1" | Out-Null
        Invoke-RestMethod -Method Post -Uri "$($script:node.Uri)sd-v1/_update/doc-2" -Body '{"doc":{"price":999}}' -ContentType 'application/json' | Out-Null
        $m = $m | Sync-Delta
        $m.Delta.Copied | Should -Be 1
        $m.Delta.Deleted | Should -Be 1
        (Invoke-RestMethod "$($script:node.Uri)sd-v2/_doc/doc-2")._source.price | Should -Be 999
    }
}
