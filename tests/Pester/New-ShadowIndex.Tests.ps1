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

Describe 'New-ShadowIndex' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias shadow }

    It 'creates <alias>-v2 with the new index options, loading settings and the migration in _meta' {
        $m = New-ShadowIndex -Alias shadow -IndexOptions @{ type = 'int8_hnsw' }
        $m.Target | Should -Be 'shadow-v2'
        $index = (Invoke-RestMethod "$($script:node.Uri)shadow-v2").'shadow-v2'
        $index.mappings.properties.embedding.index_options.type | Should -Be 'int8_hnsw'
        $index.settings.index.refresh_interval | Should -Be '-1'
        (Get-VectorMigration -Alias shadow).Phase | Should -Be 'Created'
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a missing alias'; Arguments = @{ Alias = 'nosuch' }; Id = 'AliasNotFound' }
        @{ Case = 'an existing target'; Arguments = @{ Alias = 'shadow'; Name = 'shadow-v2' }; Id = 'TargetIndexExists' }
        @{ Case = 'a field that is not a dense_vector'; Arguments = @{ Alias = 'shadow'; VectorField = 'title'; Name = 'x1' }; Id = 'NotADenseVectorField' }
        @{ Case = '0 dimensions'; Arguments = @{ Alias = 'shadow'; Dimensions = 0; Name = 'x2' }; Id = 'InvalidDimensions' }
        @{ Case = '4097 dimensions'; Arguments = @{ Alias = 'shadow'; Dimensions = 4097; Name = 'x3' }; Id = 'InvalidDimensions' }
    ) {
        $err = { New-ShadowIndex @Arguments -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly "$Id,VectorReindex.PowerShell.Commands.NewShadowIndexCommand"
    }

    It 'changes nothing with -WhatIf' {
        New-ShadowIndex -Alias shadow -Name shadow-whatif -WhatIf
        { Invoke-RestMethod "$($script:node.Uri)shadow-whatif" } | Should -Throw
    }
}
