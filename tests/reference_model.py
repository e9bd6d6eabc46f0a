"""An independent PyTorch implementation of the paper's model (FACTS.md section 3), used by
test_model to check the C++ forward pass: loads weights exported by `PoseModel::exportNpz`
under the same state_dict names, runs the window in eval mode, writes keypoints in metres.

usage: reference_model.py WEIGHTS.npz CONFIG.json INPUT.npy OUTPUT.npy
"""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, pool, slope):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn = nn.BatchNorm2d(cout)
        self.pool = pool
        self.slope = slope

    def forward(self, x):
        x = self.bn(F.leaky_relu(self.conv(x), self.slope))
        return F.max_pool2d(x, 2) if self.pool else x


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        ch = c["encoder_channels"]
        s = c["leaky_slope"]
        self.b1 = Block(c["window"], ch[0], False, s)
        self.b2 = Block(ch[0], ch[1], True, s)
        self.b3 = Block(ch[1], ch[2], False, s)
        self.b4 = Block(ch[2], ch[3], True, s)

    def forward(self, x):
        return self.b4(self.b3(self.b2(self.b1(x))))


class PoseNet(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.left = Encoder(c)
        self.right = Encoder(c)
        dc = c["decoder_channels"]
        lifted = c["encoder_channels"][3] + 1
        self.d1 = nn.Conv3d(lifted, dc[0], (3, 5, 5), padding=1)
        self.bn1 = nn.BatchNorm3d(dc[0])
        self.d2 = nn.Conv3d(dc[0], dc[1], (3, 4, 3), padding=1)
        self.bn2 = nn.BatchNorm3d(dc[1])
        self.d3 = nn.ConvTranspose3d(dc[1], dc[2], 2, stride=3)
        self.bn3 = nn.BatchNorm3d(dc[2])
        self.d4 = nn.Conv3d(dc[2], 19, (3, 3, 5), padding=1)

    def forward(self, left, right):
        s = self.c["leaky_slope"]
        f = torch.cat([self.left(left), self.right(right)], dim=3)
        bins = self.c["depth_bins"]
        vol = f.unsqueeze(-1).repeat(1, 1, 1, 1, bins)
        depth = torch.linspace(0, 1, bins).view(1, 1, 1, 1, bins).expand(f.shape[0], 1, f.shape[2], f.shape[3], bins)
        x = torch.cat([vol, depth], dim=1)
        x = self.bn1(F.leaky_relu(self.d1(x), s))
        x = self.bn2(F.leaky_relu(self.d2(x), s))
        x = self.bn3(F.leaky_relu(self.d3(x), s))
        h = self.d4(x).clamp(0, 1)
        total = h.sum(dim=(2, 3, 4)) + 1e-6
        px = torch.linspace(0, 1, h.shape[2])
        py = torch.linspace(0, 1, h.shape[3])
        pz = torch.linspace(0, 1, h.shape[4])
        x = (h.sum(dim=(3, 4)) * px).sum(2) / total
        y = (h.sum(dim=(2, 4)) * py).sum(2) / total
        z = (h.sum(dim=(2, 3)) * pz).sum(2) / total
        g = self.c["grid_extents_m"]
        lo = torch.tensor([g["x"][0], g["y"][0], g["z"][0]])
        span = torch.tensor([g["x"][1] - g["x"][0], g["y"][1] - g["y"][0], g["z"][1] - g["z"][0]])
        return torch.stack([x, y, z], dim=2) * span + lo


def main():
    weights, config, inp, out = sys.argv[1:5]
    c = json.load(open(config))
    net = PoseNet(c)
    w = np.load(weights)
    state = {k: torch.from_numpy(w[k]).reshape(v.shape) for k, v in net.state_dict().items()}
    missing = set(net.state_dict()) - set(w.files)
    assert not missing, f"missing in the export: {sorted(missing)[:5]}"
    net.load_state_dict(state, strict=True)
    net.eval()
    x = torch.from_numpy(np.load(inp))
    with torch.no_grad():
        kp = net(x[:, 0], x[:, 1])
    np.save(out, kp.numpy().astype(np.float32))
    print("reference ok", tuple(kp.shape))


if __name__ == "__main__":
    main()
