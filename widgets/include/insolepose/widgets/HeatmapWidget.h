#pragma once
// Draws one foot's normalised pressure frame (values in [0, 1] on the model grid) as coloured
// taxels with a perceptual (viridis) colormap and a legend. Reports no errors: a frame of the
// wrong size is drawn as "no data".
#include "insolepose/Tactile.h"

#include <QColor>
#include <QString>
#include <QWidget>

#include <span>
#include <vector>

namespace insolepose {

class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapWidget(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    /// Shows `normalized` (grid.cellCount() values, row-major, row 0 at the toes).
    void setFrame(std::span<const float> normalized, GridSize grid = kModelGrid);
    void clearFrame();
    bool hasFrame() const { return !m_values.empty(); }

    /// The colour the widget uses for a normalised value (clamped to [0, 1]).
    static QColor colorFor(float value);
    /// The rectangle a taxel occupies in widget coordinates for the current size.
    QRectF cellRect(int row, int col) const;

    QSize sizeHint() const override { return {180, 260}; }
    QSize minimumSizeHint() const override { return {90, 130}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QRectF gridArea() const;

    QString m_title;
    GridSize m_grid = kModelGrid;
    std::vector<float> m_values;
};

} // namespace insolepose
