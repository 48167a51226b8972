#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# New-VectorIndex as a newcomer uses it: an empty cluster, the module alone, the first live index.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
    $script:model = New-VectorEmbedder -Hashing -Dimensions 16
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'New-VectorIndex' {
    Context 'on an empty cluster' {
        It 'creates shoes-v1 as the write index of the alias, with the model in _meta.embedder' {
            $created = New-VectorIndex -Alias shoes -Embedder $script:model -Mapping @{ properties = @{ price = @{ type = 'double' } } }

            $created.Index | Should -BeExactly 'shoes-v1'
            $created.Dimensions | Should -Be 16
            $alias = Invoke-RestMethod "$($script:node.Uri)_alias/shoes"
            $alias.'shoes-v1'.aliases.shoes.is_write_index | Should -BeTrue
            $mapping = (Invoke-RestMethod "$($script:node.Uri)shoes-v1/_mapping").'shoes-v1'.mappings
            $mapping._meta.embedder.kind | Should -BeExactly 'hashing'
            $mapping._meta.embedder.dimensions | Should -Be 16
            $mapping.properties.embedding.type | Should -BeExactly 'dense_vector'
            $mapping.properties.price.type | Should -BeExactly 'double'
        }

        It 'lets Write-VectorDocument embed with the recorded model, by property name from the pipeline' {
            $summary = @(
                [pscustomobject]@{ Id = 's1'; Text = 'red running shoe' }
                [pscustomobject]@{ Id = 's2'; Text = 'blue hiking boot' }
            ) | Write-VectorDocument -Index shoes

            $summary.Written | Should -Be 2
            (Invoke-RestMethod "$($script:node.Uri)shoes/_doc/s1?_source_exclude_vectors=false")._source.embedding.Count | Should -Be 16
        }
    }

    Context '-WhatIf' {
        It 'shows the exact body, unescaped, and creates and outputs nothing' {
            $transcript = Join-Path ([System.IO.Path]::GetTempPath()) "whatif-$([guid]::NewGuid()).txt"
            Start-Transcript -Path $transcript | Out-Null
            try {
                $output = New-VectorIndex -Alias 'plus' -Embedder { param($t) } -Dimensions 4 -Mapping @{ _meta = @{ note = 'a+b <c>' } } -WhatIf
            }
            finally { Stop-Transcript | Out-Null }
            $text = Get-Content $transcript -Raw
            Remove-Item $transcript

            $output | Should -BeNullOrEmpty
            $text | Should -Match '"is_write_index": true'
            $text | Should -Match ([regex]::Escape('"note": "a+b <c>"'))
            $text | Should -Not -Match '\\u00'
            { Invoke-RestMethod "$($script:node.Uri)plus-v1" } | Should -Throw
        }
    }

    Context 'refusals' {
        It 'refuses an alias that exists with AliasExists' {
            { New-VectorIndex -Alias shoes -Embedder $script:model -ErrorAction Stop } |
                Should -Throw -ErrorId 'AliasExists,VectorReindex.PowerShell.Commands.NewVectorIndexCommand'
        }

        It 'refuses a model whose dimensions disagree with -Dimensions with DimensionsMismatch' {
            { New-VectorIndex -Alias boots -Embedder $script:model -Dimensions 8 -ErrorAction Stop } |
                Should -Throw -ErrorId 'DimensionsMismatch,VectorReindex.PowerShell.Commands.NewVectorIndexCommand'
        }
    }
}
