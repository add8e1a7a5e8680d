"""Helpers of the HFT samples: generated L2 event files (``gen_l2.py`` of the shared HFT
material, ``../shared/hft`` beside the checkout or ``$BT_HFT_SHARED``, writes each one once into
``~/.cache/bt-hft-data`` or ``$BT_HFT_DATA``) and the printout of a walk-forward search."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('BT_HFT_SHARED', os.path.join(HERE, '..', '..', '..', 'shared', 'hft'))
DATA_DIR = os.environ.get('BT_HFT_DATA', os.path.expanduser('~/.cache/bt-hft-data'))


def l2_file(n, seed=None):
    """Path of the generated file of ``n`` records (generator seed ``seed``)."""
    name = 'l2_%d.npz' % n if seed is None else 'l2_%d_seed%d.npz' % (n, seed)
    path = os.path.join(DATA_DIR, name)
    if not os.path.exists(path):
        gen = os.path.join(SHARED, 'gen_l2.py')
        if not os.path.exists(gen):
            sys.exit('no generator at %s (set BT_HFT_SHARED)' % gen)
        os.makedirs(DATA_DIR, exist_ok=True)
        print('generating %d events into %s ...' % (n, path), flush=True)
        cmd = [sys.executable, gen, str(n), path] + ([] if seed is None else ['--seed', str(seed)])
        subprocess.check_call(cmd, stdout=subprocess.DEVNULL)
    return path


def print_folds(title, res):
    """Print a walk-forward result: the choice of every fold and the out-of-sample score."""
    print('\n%s' % title)
    for r in res.table():
        print('  fold %d: %-40s train %+.4f  test %+.4f'
              % (r['fold'], r['params'], r['train'], r['test']))
    print('  out of sample %+.4f, chosen by the last fold: %s' % (res.oos_score, res.best))
