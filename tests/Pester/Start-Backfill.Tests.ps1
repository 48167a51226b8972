#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/BackfillTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Start-Backfill' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias bf -Count 500 }

    It 'copies every document with the source versions' {
        $m = New-ShadowIndex -Alias bf | Start-Backfill -Slices 2 -BatchSize 100
        $m.Backfill.Copied | Should -Be 500
        Get-TestCount -Uri $script:node.Uri -Index bf-v2 | Should -Be 500
    }

    It 'names documents it cannot embed in non-terminating errors' {
        $embedder = { param([string[]] $Texts) foreach ($t in $Texts) { if ($t -like '*7') { throw 'no' }; ,([float[]](1..8)) } }
        Start-Backfill -Source bf-v1 -Target bf-v2 -Embedder $embedder -TextField title -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs.Count | Should -BeGreaterThan 0
        $errs | ForEach-Object { $_.TargetObject | Should -Match 'doc-\d*7$' }
    }
}
