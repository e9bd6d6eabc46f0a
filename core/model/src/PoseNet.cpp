#include "PoseNet.h"

namespace insolepose::model::detail {

ConvBlock2dImpl::ConvBlock2dImpl(int in, int out, bool pool_, float slope_) : pool(pool_), slope(slope_)
{
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    bn = register_module("bn", torch::nn::BatchNorm2d(out));
}

torch::Tensor ConvBlock2dImpl::forward(torch::Tensor x)
{
    x = bn(torch::leaky_relu(conv(x), slope));
    return pool ? torch::max_pool2d(x, 2) : x;
}

EncoderImpl::EncoderImpl(const ModelConfig& c)
{
    const auto& ch = c.encoderChannels;
    b1 = register_module("b1", ConvBlock2d(c.window, ch[0], false, c.leakySlope));
    b2 = register_module("b2", ConvBlock2d(ch[0], ch[1], true, c.leakySlope));
    b3 = register_module("b3", ConvBlock2d(ch[1], ch[2], false, c.leakySlope));
    b4 = register_module("b4", ConvBlock2d(ch[2], ch[3], true, c.leakySlope));
}

torch::Tensor EncoderImpl::forward(torch::Tensor x) { return b4(b3(b2(b1(x)))); }

PoseNetImpl::PoseNetImpl(const ModelConfig& c) : config(c)
{
    left = register_module("left", Encoder(c));
    right = register_module("right", Encoder(c));
    const int lifted = c.encoderChannels[3] + 1;
    const auto& dc = c.decoderChannels;
    using namespace torch::nn;
    d1 = register_module("d1", Conv3d(Conv3dOptions(lifted, dc[0], {3, 5, 5}).padding(1)));
    bn1 = register_module("bn1", BatchNorm3d(dc[0]));
    d2 = register_module("d2", Conv3d(Conv3dOptions(dc[0], dc[1], {3, 4, 3}).padding(1)));
    bn2 = register_module("bn2", BatchNorm3d(dc[1]));
    d3 = register_module("d3", ConvTranspose3d(ConvTranspose3dOptions(dc[1], dc[2], 2).stride(3)));
    bn3 = register_module("bn3", BatchNorm3d(dc[2]));
    d4 = register_module("d4", Conv3d(Conv3dOptions(dc[2], int(kKeypointCount), {3, 3, 5}).padding(1)));
}

torch::Tensor PoseNetImpl::features(torch::Tensor l, torch::Tensor r) { return torch::cat({left(l), right(r)}, 3); }

torch::Tensor PoseNetImpl::heatmaps(torch::Tensor l, torch::Tensor r, bool fastPath)
{
    torch::Tensor f = features(l, r); // (N, C, 7, 10)
    const auto n = f.size(0);
    // Lift to 3-D: repeat along a new last axis and add a channel that says the depth (i / (D-1)).
    const int bins = config.depthBins;
    torch::Tensor volume = f.unsqueeze(-1).expand({n, f.size(1), f.size(2), f.size(3), bins});
    torch::Tensor depth = torch::linspace(0.0, 1.0, bins, f.options())
                              .view({1, 1, 1, 1, bins})
                              .expand({n, 1, f.size(2), f.size(3), bins});
    torch::Tensor x = torch::cat({volume, depth}, 1);
    const float s = config.leakySlope;
    if (fastPath) {
        x = bn1(torch::leaky_relu(conv3dBySlices(x, d1), s));
        x = bn2(torch::leaky_relu(conv3dBySlices(x, d2), s));
        x = bn3(torch::leaky_relu(convTranspose3dNonOverlapping(x, d3), s));
        x = conv3dBySlices(x, d4);
    } else {
        x = bn1(torch::leaky_relu(d1(x), s));
        x = bn2(torch::leaky_relu(d2(x), s));
        x = bn3(torch::leaky_relu(d3(x), s));
        x = d4(x);
    }
    return x.clamp(0.0, 1.0);
}

torch::Tensor softArgmax(const torch::Tensor& h)
{
    const auto opts = h.options();
    const torch::Tensor total = h.sum({2, 3, 4}) + 1e-6;
    const torch::Tensor px = torch::linspace(0.0, 1.0, h.size(2), opts);
    const torch::Tensor py = torch::linspace(0.0, 1.0, h.size(3), opts);
    const torch::Tensor pz = torch::linspace(0.0, 1.0, h.size(4), opts);
    const torch::Tensor x = (h.sum({3, 4}) * px).sum(2) / total;
    const torch::Tensor y = (h.sum({2, 4}) * py).sum(2) / total;
    const torch::Tensor z = (h.sum({2, 3}) * pz).sum(2) / total;
    return torch::stack({x, y, z}, 2);
}

torch::Tensor gridToMetres(const torch::Tensor& g, const ModelConfig& c)
{
    const torch::Tensor lo = torch::tensor({c.xMin, c.yMin, c.zMin}, g.options());
    const torch::Tensor span = torch::tensor({c.xMax - c.xMin, c.yMax - c.yMin, c.zMax - c.zMin}, g.options());
    return g * span + lo;
}

torch::Tensor metresToGrid(const torch::Tensor& m, const ModelConfig& c)
{
    const torch::Tensor lo = torch::tensor({c.xMin, c.yMin, c.zMin}, m.options());
    const torch::Tensor span = torch::tensor({c.xMax - c.xMin, c.yMax - c.yMin, c.zMax - c.zMin}, m.options());
    return (m - lo) / span;
}

torch::Tensor conv3dBySlices(const torch::Tensor& x, const torch::nn::Conv3d& conv)
{
    // A 3-D convolution is a sum over the kernel's first axis of 2-D convolutions of the input's
    // slices along that axis: out[a] = sum_k conv2d(x[a + k - pad], W[:, :, k]). Each k is one
    // Conv2d call with the slices as its batch, which LibTorch runs through oneDNN even for a
    // single window; slices that would only meet zero padding are never computed.
    const auto& w = conv->weight; // (O, C, ka, kb, kc)
    const auto& o = conv->options;
    const auto& pad = c10::get<torch::ExpandingArray<3>>(o.padding());
    const int64_t pa = (*pad)[0], pb = (*pad)[1], pc = (*pad)[2];
    const int64_t n = x.size(0), c = x.size(1), a = x.size(2), ka = w.size(2), outC = w.size(0);
    const int64_t aOut = a + 2 * pa - ka + 1;
    const torch::Tensor slices = x.permute({0, 2, 1, 3, 4}).reshape({n * a, c, x.size(3), x.size(4)});
    torch::Tensor out;
    for (int64_t k = 0; k < ka; ++k) {
        // Output slice j uses input slice j + k - pa; keep the j for which that slice exists.
        const int64_t jFrom = std::max<int64_t>(0, pa - k), jTo = std::min<int64_t>(aOut, a + pa - k);
        if (jTo <= jFrom)
            continue;
        const torch::Tensor y = torch::conv2d(slices, w.select(2, k), torch::Tensor(), 1, torch::IntArrayRef{pb, pc});
        const torch::Tensor y5 = y.view({n, a, outC, y.size(2), y.size(3)});
        if (!out.defined())
            out = torch::zeros({n, aOut, outC, y.size(2), y.size(3)}, x.options());
        out.narrow(1, jFrom, jTo - jFrom).add_(y5.narrow(1, jFrom + k - pa, jTo - jFrom));
    }
    out = out.permute({0, 2, 1, 3, 4});
    if (conv->bias.defined())
        out = out + conv->bias.view({1, outC, 1, 1, 1});
    return out.contiguous();
}

torch::Tensor convTranspose3dNonOverlapping(const torch::Tensor& x, const torch::nn::ConvTranspose3d& conv)
{
    // With stride >= kernel every input voxel paints its own block of the output: one matrix
    // product computes every block, and a strided view places them.
    const auto& w = conv->weight; // (Ci, Co, ka, kb, kc)
    const auto& o = conv->options;
    const int64_t s = (*o.stride())[0];
    const int64_t n = x.size(0), ci = x.size(1), a = x.size(2), b = x.size(3), cc = x.size(4);
    const int64_t co = w.size(1), ka = w.size(2), kb = w.size(3), kc = w.size(4);
    TORCH_CHECK(s >= ka && s >= kb && s >= kc && (*o.stride())[1] == s && (*o.stride())[2] == s,
                "convTranspose3dNonOverlapping needs stride >= kernel");
    const torch::Tensor y =
        x.permute({0, 2, 3, 4, 1}).reshape({n * a * b * cc, ci}).mm(w.reshape({ci, co * ka * kb * kc}));
    torch::Tensor z = torch::zeros({n, co, a, s, b, s, cc, s}, x.options());
    z.slice(3, 0, ka).slice(5, 0, kb).slice(7, 0, kc).copy_(
        y.view({n, a, b, cc, co, ka, kb, kc}).permute({0, 4, 1, 5, 2, 6, 3, 7}));
    torch::Tensor out = z.view({n, co, a * s, b * s, cc * s})
                            .narrow(2, 0, (a - 1) * s + ka)
                            .narrow(3, 0, (b - 1) * s + kb)
                            .narrow(4, 0, (cc - 1) * s + kc);
    if (conv->bias.defined())
        out = out + conv->bias.view({1, co, 1, 1, 1});
    return out.contiguous();
}

} // namespace insolepose::model::detail
