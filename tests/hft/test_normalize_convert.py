"""``python -m backtrader.hft.convert``: recording -> event .npz, report printed."""
import json
import os
import subprocess
import sys

import numpy as np

from backtrader.hft.convert import main
from backtrader.hft.normalize import normalize
from .normalize_ref import write_recording

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, 'samples', 'data', 'binance-btcusdt.jsonl')


def test_convert_writes_the_records_and_prints_the_report(tmp_path, capsys):
    out = tmp_path / 'out.npz'
    rep_json = tmp_path / 'rep.json'
    assert main(['binance', SAMPLE, str(out), '--tick-size', '0.1', '--lot-size', '0.001',
                 '--report-json', str(rep_json)]) == 0
    printed = capsys.readouterr().out
    assert 'messages in   299' in printed and 're-synced at line' in printed
    ref = normalize('binance', SAMPLE, 0.1, 0.001)
    with np.load(out) as z:
        assert sorted(z.files) == ['data', 'ptick', 'qlot']
        assert np.array_equal(z['data'], ref.events)
        assert np.array_equal(z['ptick'], ref.ptick) and np.array_equal(z['qlot'], ref.qlot)
    rep = json.loads(rep_json.read_text())
    assert rep['messages_in'] == 299 and rep['n_gaps'] == 1


def test_convert_reports_bad_input_and_fails(tmp_path, capsys):
    bad = write_recording(tmp_path / 'bad.jsonl', [
        (10, {'topic': 'orderbook.1.X', 'type': 'snapshot', 'ts': 1,
              'data': {'s': 'X', 'b': [['1.001', '1']], 'a': [], 'u': 5, 'seq': 1}})])
    assert main(['bybit', bad, str(tmp_path / 'o.npz'), '--tick-size', '0.01',
                 '--lot-size', '1']) == 2
    err = capsys.readouterr().err
    assert "bad.jsonl:1: field 'b': price '1.001' is off the tick grid" in err
    assert not (tmp_path / 'o.npz').exists()


def test_convert_as_a_module(tmp_path):
    out = tmp_path / 'm.npz'
    proc = subprocess.run([sys.executable, '-m', 'backtrader.hft.convert', 'binance', SAMPLE,
                           str(out), '--tick-size', '0.1', '--lot-size', '0.001',
                           '--decoder', 'json'],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert 'with the json decoder' in proc.stdout
    with np.load(out) as z:
        assert len(z['data']) == 451
