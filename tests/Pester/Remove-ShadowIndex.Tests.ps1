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

Describe 'Remove-ShadowIndex' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias rm }

    It 'refuses an index an alias points to' {
        $err = { Remove-ShadowIndex -Index rm-v1 -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'IndexInUse,VectorReindex.PowerShell.Commands.RemoveShadowIndexCommand'
    }

    It 'refuses patterns' {
        $err = { Remove-ShadowIndex -Index 'rm-*' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'IndexPatternRefused,VectorReindex.PowerShell.Commands.RemoveShadowIndexCommand'
    }

    It 'changes nothing with -WhatIf' {
        New-ShadowIndex -Alias rm -Name rm-whatif | Out-Null
        Remove-ShadowIndex -Index rm-whatif -WhatIf | Should -BeNullOrEmpty
        (Invoke-RestMethod "$($script:node.Uri)rm-whatif").'rm-whatif' | Should -Not -BeNullOrEmpty
        Remove-ShadowIndex -Index rm-whatif -Confirm:$false
    }

    It 'deletes an abandoned target' {
        New-ShadowIndex -Alias rm | Remove-ShadowIndex -Confirm:$false
        { Invoke-RestMethod "$($script:node.Uri)rm-v2" } | Should -Throw
    }
}
