#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/DualWriteTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Remove-VectorDocument' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias rd }

    It 'deletes from the live index and the migration target' {
        New-ShadowIndex -Alias rd | Start-Backfill | Out-Null
        'doc-1' | Remove-VectorDocument -Index rd | Out-Null
        { Invoke-RestMethod "$($script:node.Uri)rd-v1/_doc/doc-1" } | Should -Throw
        { Invoke-RestMethod "$($script:node.Uri)rd-v2/_doc/doc-1" } | Should -Throw
    }
}
