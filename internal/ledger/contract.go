package ledger

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/sheet"
)

// ContractKind is the type of a technology contract (policy-rules §4.2 [S2]:
// 2001 rules 国科发政字〔2001〕253号, and the Civil Code's separate 技术许可).
// Training and intermediary contracts are sub-types of technical service,
// registered separately.
type ContractKind string

// The contract types.
const (
	DevCommissioned     ContractKind = "dev_commissioned"     // 技术开发（委托开发）
	DevCooperative      ContractKind = "dev_cooperative"      // 技术开发（合作开发）
	Transfer            ContractKind = "transfer"             // 技术转让
	License             ContractKind = "license"              // 技术许可
	Consulting          ContractKind = "consulting"           // 技术咨询
	Service             ContractKind = "service"              // 技术服务
	ServiceTraining     ContractKind = "service_training"     // 技术服务（技术培训）
	ServiceIntermediary ContractKind = "service_intermediary" // 技术服务（技术中介）
)

// ContractKinds lists the types in registration order.
var ContractKinds = []ContractKind{DevCommissioned, DevCooperative, Transfer, License, Consulting, Service, ServiceTraining, ServiceIntermediary}

// Label is the type as a registration form writes it.
func (k ContractKind) Label() string {
	switch k {
	case DevCommissioned:
		return "技术开发（委托）"
	case DevCooperative:
		return "技术开发（合作）"
	case Transfer:
		return "技术转让"
	case License:
		return "技术许可"
	case Consulting:
		return "技术咨询"
	case Service:
		return "技术服务"
	case ServiceTraining:
		return "技术服务（技术培训）"
	case ServiceIntermediary:
		return "技术服务（技术中介）"
	}
	return string(k)
}

// Group is the main type: 技术开发, 技术转让, 技术许可, 技术咨询 or 技术服务.
func (k ContractKind) Group() string {
	l := k.Label()
	if i := strings.Index(l, "（"); i > 0 {
		return l[:i]
	}
	return l
}

// contractKindWords maps the ways files write a type to it (spaces and
// brackets normalised before matching).
var contractKindWords = map[string]ContractKind{
	"技术开发(委托)": DevCommissioned, "委托开发": DevCommissioned, "技术开发-委托": DevCommissioned, "技术开发(委托开发)": DevCommissioned, "委托开发合同": DevCommissioned,
	"技术开发(合作)": DevCooperative, "合作开发": DevCooperative, "技术开发-合作": DevCooperative, "技术开发(合作开发)": DevCooperative, "合作开发合同": DevCooperative,
	"技术转让": Transfer, "专利权转让": Transfer, "专利申请权转让": Transfer, "技术秘密转让": Transfer, "技术转让合同": Transfer,
	"技术许可": License, "专利实施许可": License, "技术秘密许可": License, "技术许可合同": License,
	"技术咨询": Consulting, "技术咨询合同": Consulting,
	"技术服务": Service, "技术服务合同": Service,
	"技术培训": ServiceTraining, "技术服务(技术培训)": ServiceTraining, "技术服务-技术培训": ServiceTraining, "技术培训合同": ServiceTraining,
	"技术中介": ServiceIntermediary, "技术服务(技术中介)": ServiceIntermediary, "技术服务-技术中介": ServiceIntermediary, "技术中介合同": ServiceIntermediary,
}

// ParseContractKind reads a type as written (技术开发（委托）, 委托开发,
// 技术转让, dev_commissioned …). A bare 技术开发 is an error: whether it is
// commissioned or cooperative must be said.
func ParseContractKind(s string) (ContractKind, error) {
	n := strings.NewReplacer("（", "(", "）", ")", " ", "", "　", "", "—", "-", "－", "-").Replace(strings.TrimSpace(s))
	if k, ok := contractKindWords[n]; ok {
		return k, nil
	}
	for _, k := range ContractKinds {
		if n == string(k) {
			return k, nil
		}
	}
	if n == "技术开发" {
		return "", fmt.Errorf("技术开发 must say 委托 or 合作 (技术开发（委托）/技术开发（合作）)")
	}
	return "", fmt.Errorf("not a technology-contract type (技术开发（委托）/技术开发（合作）/技术转让/技术许可/技术咨询/技术服务/技术培训/技术中介)")
}

// Deduction is a named non-technical item deducted from a contract's value
// to give its technology transaction value (policy-rules §4.3 [S2], 2001
// rules): purchased equipment, instruments, parts, raw materials.
//
// A technology carrier (技术载体) priced per unit deducts only the units
// beyond a reasonable quantity (CarrierAllowance): for complete equipment or
// test rigs generally 1–2 sets; a carrier written without a quantity allows
// DefaultCarrierAllowance sets [U: cap at 2].
type Deduction struct {
	Item             string
	Quantity         int // units when priced per unit, else 0
	UnitPrice        Fen // per unit, when Quantity > 0
	CarrierAllowance int // > 0: a technology carrier; this many units are not deducted
	Amount           Fen // the item's cost in the contract (Quantity × UnitPrice when priced per unit)
}

// DefaultCarrierAllowance is the reasonable number of sets of complete
// equipment or test rigs not deducted (policy-rules §4.3, K2; the cap at 2
// is [U]).
const DefaultCarrierAllowance = 2

// Deducted is what the item takes off the contract value: its amount, or
// for a technology carrier only the units beyond the allowance.
func (d Deduction) Deducted() Fen {
	if d.CarrierAllowance > 0 && d.Quantity > 0 {
		excess := d.Quantity - d.CarrierAllowance
		if excess <= 0 {
			return 0
		}
		return Fen(excess) * d.UnitPrice
	}
	return d.Amount
}

// String writes the item back in the ledger's grammar (see ParseDeductions).
func (d Deduction) String() string {
	s := d.Item + "="
	if d.Quantity > 0 {
		s += fmt.Sprintf("%d套×%s", d.Quantity, d.UnitPrice)
	} else {
		s += d.Amount.String()
	}
	if d.CarrierAllowance > 0 {
		s += fmt.Sprintf("（技术载体，合理%d套）", d.CarrierAllowance)
	}
	return s
}

var (
	reDeduction = regexp.MustCompile(`^(.+?)[=＝:：](.+)$`)
	reQtyPrice  = regexp.MustCompile(`^(\d+)\s*[套台件个份组]?\s*[×xX*＊]\s*(.+)$`)
	reCarrier   = regexp.MustCompile(`[(（]\s*(?:技术)?载体\s*(?:[,，、]\s*合理\s*(\d+)\s*[套台件个份组]?)?\s*[)）]\s*$`)
)

// ParseDeductions reads a deductions cell: items separated by ；, ; or new
// lines, each "名称=金额" or "名称=数量套×单价", optionally followed by
// "（技术载体，合理N套）" ("（技术载体）" alone allows
// DefaultCarrierAllowance). Amounts carry their unit (120万元, 1200000元,
// 120万; a bare number is yuan). Examples:
//
//	试验设备=120万元；原材料=30万元                     (K1: 150万元 deducted)
//	中试设备=5套×20万元（技术载体，合理2套）            (K2: 60万元 deducted)
func ParseDeductions(s string) ([]Deduction, error) {
	var out []Deduction
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' || r == '\r' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := reDeduction.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("deduction %q: write 名称=金额 (each deduction is named)", part)
		}
		d := Deduction{Item: strings.TrimSpace(m[1])}
		rest := strings.TrimSpace(m[2])
		if c := reCarrier.FindStringSubmatch(rest); c != nil {
			d.CarrierAllowance = DefaultCarrierAllowance
			if c[1] != "" {
				n, _ := strconv.Atoi(c[1])
				if n < 1 {
					return nil, fmt.Errorf("deduction %q: a reasonable quantity of carriers is at least 1", part)
				}
				d.CarrierAllowance = n
			}
			rest = strings.TrimSpace(rest[:len(rest)-len(c[0])])
		}
		if q := reQtyPrice.FindStringSubmatch(rest); q != nil {
			n, _ := strconv.Atoi(q[1])
			if n < 1 {
				return nil, fmt.Errorf("deduction %q: quantity must be at least 1", part)
			}
			p, err := parseMoney(q[2])
			if err != nil {
				return nil, fmt.Errorf("deduction %q: unit price: %v", part, err)
			}
			d.Quantity, d.UnitPrice, d.Amount = n, p, Fen(n)*p
		} else {
			if d.CarrierAllowance > 0 {
				return nil, fmt.Errorf("deduction %q: a technology carrier needs 数量套×单价 so the units beyond the reasonable quantity can be deducted", part)
			}
			a, err := parseMoney(rest)
			if err != nil {
				return nil, fmt.Errorf("deduction %q: %v", part, err)
			}
			d.Amount = a
		}
		if d.Amount <= 0 {
			return nil, fmt.Errorf("deduction %q: amount must be positive", part)
		}
		out = append(out, d)
	}
	return out, nil
}

// parseMoney reads an amount with its unit (120万元, 120万, 1200000元, or a
// bare number of yuan) exactly.
func parseMoney(s string) (Fen, error) {
	v, err := sheet.ParseValue(s)
	if err != nil {
		return 0, err
	}
	if v.Missing {
		return 0, fmt.Errorf("amount missing")
	}
	y, _, err := sheet.ToBase(v, "元")
	if err != nil {
		return 0, err
	}
	return FenOf(y)
}

// Contract is one registered technology contract.
type Contract struct {
	ID           int64
	RegNo        string // 登记编号
	Name         string // 合同名称
	Kind         ContractKind
	Seller       Party
	Buyer        Party
	SignedOn     time.Time
	RegisteredOn time.Time
	Value        Fen // 合同成交额
	Deductions   []Deduction
	// Transaction is the technology transaction value (技术交易额): Value
	// minus every deduction's Deducted (set by Compute).
	Transaction Fen
	Field       string // 技术领域
	Row         int    // file row it was read from (0: entered by hand)
}

// Deducted is the total deducted from the contract value.
func (c Contract) Deducted() Fen {
	var s Fen
	for _, d := range c.Deductions {
		s += d.Deducted()
	}
	return s
}

// Compute sets the technology transaction value: 技术交易额 = 合同成交额 − the
// named non-technical deductions, a reasonable quantity of technology
// carriers not deducted (policy-rules §4.3 [S2, 2001 basis]; examples K1,
// K2). It returns the problems of the contract (Validate) and leaves
// Transaction unset when there are any.
func (c *Contract) Compute() []Problem {
	probs := c.Validate()
	if len(probs) == 0 {
		c.Transaction = c.Value - c.Deducted()
	}
	return probs
}

// Validate checks a contract: registration number, type, both parties, the
// dates (registered on or after signing), a positive value, named
// deductions, and that the deductions do not exceed the value (the
// transaction value cannot exceed the contract value, nor be negative).
func (c Contract) Validate() []Problem {
	var p []Problem
	if strings.TrimSpace(c.RegNo) == "" {
		p = append(p, Problem{"reg_no", "", "登记编号 is required"})
	}
	if c.Kind == "" {
		p = append(p, Problem{"kind", "", "合同类型 is required"})
	}
	for _, x := range []struct {
		field string
		party Party
	}{{"seller", c.Seller}, {"buyer", c.Buyer}} {
		if strings.TrimSpace(x.party.Name) == "" {
			p = append(p, Problem{x.field, "", "the party's name is required"})
		}
		if !x.party.InDistrict && x.party.Node != "" {
			p = append(p, Problem{x.field + "_node", x.party.Node, "a party outside the district has no node"})
		}
	}
	if c.SignedOn.IsZero() {
		p = append(p, Problem{"signed_on", "", "签订日期 is required"})
	}
	if c.RegisteredOn.IsZero() {
		p = append(p, Problem{"registered_on", "", "登记日期 is required"})
	}
	if !c.SignedOn.IsZero() && !c.RegisteredOn.IsZero() && c.RegisteredOn.Before(c.SignedOn) {
		p = append(p, Problem{"registered_on", Day(c.RegisteredOn), "registered before it was signed (" + Day(c.SignedOn) + ")"})
	}
	if c.Value <= 0 {
		p = append(p, Problem{"value", c.Value.String(), "合同成交额 must be positive"})
	}
	for _, d := range c.Deductions {
		if strings.TrimSpace(d.Item) == "" {
			p = append(p, Problem{"deductions", d.String(), "each deduction is named"})
		}
	}
	if ded := c.Deducted(); c.Value > 0 && ded > c.Value {
		p = append(p, Problem{"deductions", ded.String(), fmt.Sprintf("deductions exceed the contract value %s: the transaction value cannot be negative", c.Value)})
	}
	return p
}

// CheckStated compares a transaction value the file states with the one the
// deductions give: 技术交易额 cannot exceed 成交额, and a difference from the
// contract value must be explained by named deductions.
func (c Contract) CheckStated(stated Fen) *Problem {
	switch {
	case stated > c.Value:
		return &Problem{"transaction", stated.String(), fmt.Sprintf("技术交易额 exceeds 合同成交额 %s", c.Value)}
	case len(c.Deductions) == 0 && stated != c.Value:
		return &Problem{"transaction", stated.String(), fmt.Sprintf("技术交易额 is %s less than 合同成交额 %s but no deduction is named: list each non-technical item in 非技术性扣除", c.Value-stated, c.Value)}
	case stated != c.Value-c.Deducted():
		return &Problem{"transaction", stated.String(), fmt.Sprintf("the deductions give %s (合同成交额 %s − 扣除 %s)", c.Value-c.Deducted(), c.Value, c.Deducted())}
	}
	return nil
}

// Output reports whether the contract is output (输出) by the district: its
// seller is in the district. Absorbed (吸纳): its buyer is.
func (c Contract) Output() bool { return c.Seller.InDistrict }

// Absorbed reports whether the district absorbed the contract (buyer in the
// district).
func (c Contract) Absorbed() bool { return c.Buyer.InDistrict }

// DeductionsText writes the deductions back in the ledger's grammar.
func (c Contract) DeductionsText() string {
	var s []string
	for _, d := range c.Deductions {
		s = append(s, d.String())
	}
	return strings.Join(s, "；")
}

// ratio of two amounts, for shares.
func ratio(a, b Fen) decimal.Decimal {
	if b == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(a)).Div(decimal.NewFromInt(int64(b)))
}
