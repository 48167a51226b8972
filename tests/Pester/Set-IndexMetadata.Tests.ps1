#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/SetIndexMetadataTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Set-IndexMetadata' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias meta -Count 200 }

    It 'updates metadata from pipeline objects without touching vectors' {
        # 9.2+ leaves vectors out of _source unless asked.
        $before = (Invoke-RestMethod "$($script:node.Uri)meta/_doc/doc-7?_source_exclude_vectors=false")._source.embedding
        $before.Count | Should -Be 8
        $summary = 0..199 | ForEach-Object { [pscustomobject]@{ Id = "doc-$_" } } | Set-IndexMetadata -Index meta -Set @{ price = -1 }
        $summary.Updated | Should -Be 200
        $after = (Invoke-RestMethod "$($script:node.Uri)meta/_doc/doc-7?_source_exclude_vectors=false")._source
        $after.price | Should -Be -1
        $after.embedding | Should -Be $before
    }

    It 'reports a missing document as a non-terminating DocumentNotFound' {
        Set-IndexMetadata -Index meta -Id nope -Set @{ price = 2 } -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'DocumentNotFound,VectorReindex.PowerShell.Commands.SetIndexMetadataCommand'
    }

    It 'changes nothing with -WhatIf' {
        $before = (Invoke-RestMethod "$($script:node.Uri)meta/_doc/doc-3")
        Set-IndexMetadata -Index meta -Id doc-3 -Set @{ price = 99 } -WhatIf | Out-Null
        $after = Invoke-RestMethod "$($script:node.Uri)meta/_doc/doc-3"
        $after._source.price | Should -Be $before._source.price
        $after._version | Should -Be $before._version
    }
}
