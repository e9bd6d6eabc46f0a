#include <QtWidgets/QWidget>
#include "insolepose/model/PoseModel.h" // base may not use the model layer
#include <QPainter> // only core/report may paint
