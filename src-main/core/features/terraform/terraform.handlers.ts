import type { Handlers } from '../../router'
import type { TerraformService } from './terraform.service'

export function terraformHandlers(terraform: TerraformService): Pick<Handlers, 'terraform.preview' | 'terraform.save'> {
  return {
    'terraform.preview': (input) => terraform.preview(input),
    'terraform.save': (input) => terraform.save(input),
  }
}
