#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/RollingReindexTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Invoke-RollingReindex' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias roll -Count 300 }

    It 'runs every stage and cuts over' {
        $r = Invoke-RollingReindex -Alias roll -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField title
        $r.Target | Should -Be 'roll-v2'
        $r.Parity.Passed | Should -BeTrue
        (Invoke-RestMethod "$($script:node.Uri)_alias/roll").PSObject.Properties.Name | Should -Be 'roll-v2'
    }
}
