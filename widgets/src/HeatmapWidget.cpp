#include "insolepose/widgets/HeatmapWidget.h"

#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace insolepose {
namespace {

// Viridis sampled at 9 evenly spaced points.
constexpr std::array<std::array<int, 3>, 9> kViridis = {{{68, 1, 84},
                                                         {71, 44, 122},
                                                         {59, 81, 139},
                                                         {44, 113, 142},
                                                         {33, 144, 141},
                                                         {39, 173, 129},
                                                         {92, 200, 99},
                                                         {170, 220, 50},
                                                         {253, 231, 37}}};

constexpr int kLegendWidth = 38;
constexpr int kTitleHeight = 20;

} // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void HeatmapWidget::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void HeatmapWidget::setFrame(std::span<const float> normalized, GridSize grid)
{
    if (normalized.size() != static_cast<std::size_t>(grid.cellCount()) || grid.cellCount() <= 0) {
        clearFrame();
        return;
    }
    m_grid = grid;
    m_values.assign(normalized.begin(), normalized.end());
    update();
}

void HeatmapWidget::clearFrame()
{
    m_values.clear();
    update();
}

QColor HeatmapWidget::colorFor(float value)
{
    if (!std::isfinite(value))
        value = 0.0f;
    const float x = std::clamp(value, 0.0f, 1.0f) * float(kViridis.size() - 1);
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(x), kViridis.size() - 2);
    const float f = x - float(i);
    auto mix = [&](int c) { return int(std::lround(kViridis[i][c] * (1 - f) + kViridis[i + 1][c] * f)); };
    return QColor(mix(0), mix(1), mix(2));
}

QRectF HeatmapWidget::gridArea() const
{
    const QRectF avail(4, kTitleHeight, width() - kLegendWidth - 8, height() - kTitleHeight - 4);
    const double cell = std::max(1.0, std::min(avail.width() / m_grid.cols, avail.height() / m_grid.rows));
    const QSizeF size(cell * m_grid.cols, cell * m_grid.rows);
    return QRectF(avail.x() + (avail.width() - size.width()) / 2, avail.y(), size.width(), size.height());
}

QRectF HeatmapWidget::cellRect(int row, int col) const
{
    const QRectF area = gridArea();
    const double cw = area.width() / m_grid.cols;
    const double ch = area.height() / m_grid.rows;
    return QRectF(area.x() + col * cw, area.y() + row * ch, cw, ch);
}

void HeatmapWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    p.setPen(palette().windowText().color());
    p.drawText(QRect(4, 0, width() - 8, kTitleHeight), Qt::AlignLeft | Qt::AlignVCenter, m_title);

    const QRectF area = gridArea();
    if (m_values.empty()) {
        p.drawText(area, Qt::AlignCenter, tr("no data"));
    } else {
        for (int r = 0; r < m_grid.rows; ++r)
            for (int c = 0; c < m_grid.cols; ++c)
                p.fillRect(cellRect(r, c), colorFor(m_values[std::size_t(r * m_grid.cols + c)]));
    }

    // Legend: a vertical bar from 0 (bottom) to 1 (top) of normalised pressure.
    const QRectF bar(width() - kLegendWidth + 2, area.top(), 10, area.height());
    for (int y = 0; y < int(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1.0),
                   colorFor(float(y) / float(std::max(1.0, bar.height() - 1))));
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    p.drawText(QPointF(bar.right() + 2, bar.top() + 8), QStringLiteral("1"));
    p.drawText(QPointF(bar.right() + 2, bar.bottom()), QStringLiteral("0"));
}

} // namespace insolepose
