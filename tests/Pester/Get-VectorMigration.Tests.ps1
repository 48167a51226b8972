#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/ShadowIndexTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Get-VectorMigration' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias gvm }

    It 'finds a migration another session started, by alias with wildcards' {
        New-ShadowIndex -Alias gvm | Out-Null
        (Get-VectorMigration -Alias 'gv*').Target | Should -Be 'gvm-v2'
        (Get-VectorMigration -Alias gvm -InFlight).Phase | Should -Be 'Created'
    }

    It 'takes -Alias by property name from any object, such as a CSV row' {
        $found = 'Alias', 'gvm' | ConvertFrom-Csv | Get-VectorMigration
        $found.Alias | Should -BeExactly 'gvm'
        $found.Target | Should -BeExactly 'gvm-v2'
    }
}
