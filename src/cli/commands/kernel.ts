import { parseArgs, stringOption } from '../args';
import type { Command } from '../main';
import { InputError } from '../../core/errors';
import { installKernel, kernelSpec, KERNEL_NAME } from '../../notebook/kernelspec';
import { PACKAGE_ROOT } from '../../notebook/kernel';

const usage = `usage: certitude kernel install [--name NAME] [--prefix DIR] [--python PATH]
       certitude kernel spec

install  register the certitude tslab kernel with Jupyter (per user; --prefix DIR installs under
         DIR/share/jupyter/kernels). Needs a Python with jupyter_client (CERTITUDE_PYTHON,
         /usr/bin/python3 or python3). The kernel starts tslab at this project's root, so notebooks
         import the library as './src/...'.
spec     print the kernel.json that install writes`;

export const command: Command = {
  summary: 'install the certitude tslab kernel for Jupyter (or print its kernelspec)',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['name', 'prefix', 'python']);
    const [action] = args.positionals;
    if (action === 'spec') {
      process.stdout.write(JSON.stringify(kernelSpec(PACKAGE_ROOT), null, 2) + '\n');
      return 0;
    }
    if (action !== 'install') throw new InputError('action', `expected 'install' or 'spec', got '${action ?? ''}'`);
    const where = installKernel({ projectRoot: PACKAGE_ROOT, name: stringOption(args, 'name', KERNEL_NAME), prefix: stringOption(args, 'prefix'), python: stringOption(args, 'python') });
    process.stdout.write(`installed kernel '${stringOption(args, 'name', KERNEL_NAME)}' in ${where}\nopen notebooks with \`jupyter notebook\` or \`jupyter lab\` and pick "TypeScript (certitude)".\n`);
    return 0;
  },
};
